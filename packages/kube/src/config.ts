import { parseConfig } from '@infscale/core';
import { z } from 'zod';

const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label (lower case, digits, "-")')
  .max(63);

/** The pod template new variant deployments start from: a Kubernetes PodTemplateSpec, checked loosely. */
const podTemplate = z
  .object({
    metadata: z.object({ labels: z.record(z.string(), z.string()).optional(), annotations: z.record(z.string(), z.string()).optional() }).optional(),
    spec: z.looseObject({
      containers: z
        .array(z.looseObject({ name: dnsLabel, image: z.string().min(1) }))
        .min(1, 'needs at least one container'),
    }),
  })
  .loose();

export const kubeActuatorConfigSchema = z.object({
  /** Name of the scaler: value of the infscale.io/scaler label, part of the lease name. */
  scaler: dnsLabel,
  namespace: dnsLabel,
  connection: z
    .discriminatedUnion('mode', [
      z.object({ mode: z.literal('in-cluster') }),
      z.object({ mode: z.literal('kubeconfig'), path: z.string().min(1).optional(), context: z.string().optional() }),
    ])
    .default({ mode: 'in-cluster' }),
  /**
   * PodTemplateSpec of the deployments `create` makes (InfAdapter variants, IPA stage variants).
   * Optional for scalers that only resize or scale deployments that exist (Sponge): a create
   * without it fails that step, naming this field.
   */
  template: podTemplate.optional(),
  /** Container whose resources and env the actuator manages; else the template's first, else the deployment's first. */
  container: dnsLabel.optional(),
  /**
   * Deployments that exist and that the scaler may scale, resize and batch without owning them by
   * label (Sponge's targetRef): found by name, their pods by the deployment's own selector.
   */
  targets: z.array(dnsLabel).default([]),
  /** Image per variant; the template's image when a variant is not listed. */
  images: z.record(z.string(), z.string().min(1)).default({}),
  /** Memory per pod (requests = limits, so the pod stays Guaranteed through resizes). */
  memory: z.string().regex(/^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/, 'must be a memory quantity such as 2Gi').optional(),
  routing: z
    .object({
      /** Publish quotas in the infscale-routing ConfigMap (the dispatcher watches it). */
      configMap: z.boolean().default(true),
      /** Also POST them to each stage's dispatcher: stage → base URL (POST {url}/admin/quotas). */
      adminUrls: z.record(z.string(), z.url()).default({}),
    })
    .prefault({}),
  /**
   * Per stage, the base URL of its central queue (IPA's StageQueueService), which forms the batches:
   * a set-batch of a deployment of that stage, and a route of that stage, also POST
   * {url}/admin/stage {"maxBatchSize": batch}, so the decided batch reaches the queue.
   */
  stageQueues: z.record(z.string(), z.url()).default({}),
  /**
   * File holding the data-plane proxies' admin token (the chart mounts its Secret there): every
   * POST to routing.adminUrls and stageQueues then carries `Authorization: Bearer <token>`, as a
   * proxy started with --admin-token-file requires. Read at each POST. Unset: no header.
   */
  adminTokenFile: z.string().min(1).optional(),
  awaitReady: z
    .object({ timeoutMs: z.number().int().positive().default(600_000), pollMs: z.number().int().positive().default(2_000) })
    .prefault({}),
  resize: z
    .object({
      /** How long a Deferred resize may wait before it is reported (and, in-place-or-restart, restarted). */
      deferredTimeoutMs: z.number().int().nonnegative().default(60_000),
      /** Give up on an in-progress resize after this long. */
      timeoutMs: z.number().int().positive().default(300_000),
      pollMs: z.number().int().positive().default(1_000),
    })
    .prefault({}),
  retry: z
    .object({
      maxAttempts: z.number().int().min(1).default(6),
      baseDelayMs: z.number().int().positive().default(200),
      maxDelayMs: z.number().int().positive().default(10_000),
    })
    .prefault({}),
  leaderElection: z
    .object({
      enabled: z.boolean().default(true),
      leaseName: dnsLabel.optional(),
      /** Who holds the lease: the pod name in a cluster. */
      identity: z.string().min(1).optional(),
      leaseDurationSeconds: z.number().int().min(1).default(15),
    })
    .prefault({}),
  /**
   * true: the batch size is the container's INFSCALE_BATCH_SIZE env var (a change rolls the pods).
   * false: it is only recorded in the annotation infscale.io/batch, for servers told their batch
   * another way (Sponge's model-server hook to the EDF proxy, IPA's stage queue via `stageQueues`),
   * so a batch change restarts nothing.
   */
  batchEnv: z.boolean().default(true),
  /**
   * Pod condition type of a readiness gate on the targets' pods (e.g. "infscale.io/resized"); unset:
   * off. When set, the actuator keeps that condition False (ResizePending) on a target's pod until it
   * runs with the decided cores, then True (Resized). Pods whose template lists it in
   * spec.readinessGates are then not Ready, and get no Service traffic, while still under-sized.
   */
  resizeReadinessGate: z
    .string()
    .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, 'must be a qualified name such as infscale.io/resized (a pod condition type)')
    .optional(),
  /** Log every write instead of sending it; waits are skipped. */
  dryRun: z.boolean().default(false),
});

export type KubeActuatorConfigInput = z.input<typeof kubeActuatorConfigSchema>;
export type KubeActuatorConfig = z.output<typeof kubeActuatorConfigSchema>;

/** Validates and defaults the actuator's configuration; a ConfigError names each wrong field. */
export function parseKubeActuatorConfig(input: unknown, source = 'kube actuator config'): KubeActuatorConfig {
  return parseConfig(kubeActuatorConfigSchema, input, source);
}
