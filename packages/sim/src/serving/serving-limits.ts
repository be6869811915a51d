/**
 * What the serving system does with requests it cannot serve in time, besides queueing them: the
 * model server's queue bound, the client's timeout and Kubernetes' termination grace period. Each is
 * off when absent; the scenarios set them as the papers' systems ran (packages/sim/README.md).
 */
export interface ServingLimits {
  /**
   * Most requests that may wait in one pod's own queue (not counting those in service), by the pod's
   * variant and cores; a request that finds the queue full is rejected at once (TF-Serving's
   * max_enqueued_batches at batch 1). Policies that hold requests themselves (central queues) are not bound by it.
   */
  podQueueLimit?: (variant: string, cores: number) => number;
  /**
   * The client gives up after this long: the request counts as timed out and its latency is not
   * recorded, so no latency above it appears. The server still serves it (it is not told).
   */
  clientTimeoutMs?: number;
  /**
   * A terminating pod drains for at most this long (terminationGracePeriodSeconds); what it still
   * holds then, queued or in service, fails (counted as dropped).
   */
  terminationGraceMs?: number;
}

/** Kubernetes' default terminationGracePeriodSeconds: 30 s. */
export const KUBERNETES_GRACE_MS = 30_000;

/**
 * How the IPA and Sponge papers' systems served (their code): the load generator (barazmoon) gave up
 * after 20 minutes (TIMEOUT = 20 * 60 s, so in effect never), and the model pods had a 30 s
 * termination grace period with a 30 s preStop sleep (distrpution_time: 30). Requests wait in the
 * data plane's queues, not in a bounded server queue; IPA's router drops past its drop limit.
 */
export const IPA_SPONGE_SERVING_LIMITS: ServingLimits = { clientTimeoutMs: 20 * 60_000, terminationGraceMs: 30_000 };
