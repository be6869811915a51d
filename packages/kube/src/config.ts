import { dnsLabelSchema, dnsSubdomainSchema, durationSchema, formatDuration, parseConfig, qualifiedNameSchema } from '@infscale/core';
import { z } from 'zod';

/** Milliseconds fields: a number of ms as before, or a duration such as "30s" (packages/core's one duration type). */
const ms = (limits?: Parameters<typeof durationSchema>[0]) => durationSchema(limits);

/**
 * The pod template new variant deployments start from: a Kubernetes PodTemplateSpec. Its two fields
 * are checked strictly; inside them only what we read is checked (the API server knows the rest).
 */
const podTemplate = z
  .object({
    metadata: z
      .looseObject({
        labels: z.record(z.string(), z.string()).optional().describe('Pod labels.'),
        annotations: z.record(z.string(), z.string()).optional().describe('Pod annotations.'),
      })
      .optional()
      .describe('Labels and annotations of the pods.'),
    spec: z
      .looseObject({
        containers: z
          .array(
            z.looseObject({
              name: dnsLabelSchema('it is the name of a container of the pod').describe('Container name.'),
              image: z.string().min(1).describe('Container image.'),
            }),
          )
          .min(1, 'needs at least one container')
          .describe('Containers; the first is the model server unless `container` says otherwise.'),
      })
      .describe('PodSpec; needs at least one container with name and image.'),
  })
  .strict();

export const kubeActuatorConfigSchema = z
  .object({
    scaler: dnsLabelSchema('it is the value of the infscale.io/scaler label on what the scaler owns, and part of its lease name').describe(
      'Name of the scaler: value of the infscale.io/scaler label, part of the lease name.',
    ),
    namespace: dnsLabelSchema('it is the namespace the scaler acts in').describe('The namespace it acts in (the one it owns).'),
    connection: z
      .discriminatedUnion('mode', [
        z.object({ mode: z.literal('in-cluster').describe("The pod's ServiceAccount.") }).strict(),
        z
          .object({
            mode: z.literal('kubeconfig').describe('A kubeconfig file.'),
            path: z.string().min(1).optional().describe('Its path; default $KUBECONFIG or ~/.kube/config.'),
            context: z.string().optional().describe('Its context; default the current one.'),
          })
          .strict(),
      ])
      .default({ mode: 'in-cluster' })
      .describe('How it reaches the API server.'),
    template: podTemplate
      .optional()
      .describe(
        'PodTemplateSpec of the deployments `create` makes (InfAdapter variants, IPA stage variants). Optional for scalers that only ' +
          'resize or scale deployments that exist (Sponge): a create without it fails that step, naming this field.',
      ),
    container: dnsLabelSchema('it is the name of the container the actuator manages')
      .optional()
      .describe("Container whose resources and env the actuator manages; else the template's first, else the deployment's first."),
    targets: z
      // A subdomain, as Kubernetes allows a Deployment: a target is read and written by name only, its pods found by its own
      // selector (not by a label holding its name, as an owned deployment's), its Events named <name>.<hex> (core/v1 does not
      // check Event names). No label value, Service or pod name is made of it.
      .array(dnsSubdomainSchema('it is the name of a deployment the scaler may scale and resize'))
      .default([])
      .describe(
        "Deployments that exist and that the scaler may scale, resize and batch without owning them by label (Sponge's targetRef): " +
          "found by name, their pods by the deployment's own selector.",
      ),
    images: z.record(z.string(), z.string().min(1)).default({}).describe("Image per variant; the template's image when a variant is not listed."),
    memory: z
      .string()
      .regex(/^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/, 'must be a memory quantity such as 2Gi')
      .optional()
      .describe('Memory per pod (requests = limits, so the pod stays Guaranteed through resizes).'),
    routing: z
      .object({
        configMap: z.boolean().default(true).describe('Publish quotas in the infscale-routing ConfigMap (the dispatcher watches it).'),
        adminUrls: z.record(z.string(), z.url()).default({}).describe("Also POST them to each stage's dispatcher: stage → base URL (POST {url}/admin/quotas)."),
      })
      .strict()
      .prefault({})
      .describe('Where routing quotas go.'),
    stageQueues: z
      .record(z.string(), z.url())
      .default({})
      .describe(
        "Per stage, the base URL of its central queue (IPA's StageQueueService), which forms the batches: a set-batch of a deployment of " +
          'that stage, and a route of that stage, also POST {url}/admin/stage {"maxBatchSize": batch}, so the decided batch reaches the queue.',
      ),
    requestTimeout: ms()
      .default(5_000)
      .describe(
        'Longest wait for one Kubernetes API call (every read, write and lease call); a call not answered by then is abandoned and ' +
          'counts as a network error (retried). With leader election on, at most leaseDurationSeconds − renewDeadline, so a write a ' +
          'leader started ends before another replica may take the lease over.',
      ),
    adminTokenFile: z
      .string()
      .min(1)
      .optional()
      .describe(
        "File holding the data-plane proxies' admin token (the chart mounts its Secret there): every POST to routing.adminUrls and " +
          'stageQueues then carries Authorization: Bearer <token>. Read at each POST. Unset: no header.',
      ),
    awaitReady: z
      .object({
        timeoutMs: ms().default(600_000).describe('Longest wait for new or changed pods to be ready.'),
        pollMs: ms().default(2_000).describe('How often it looks.'),
      })
      .strict()
      .prefault({})
      .describe('Waiting for readiness before traffic moves (make-before-break).'),
    resize: z
      .object({
        deferredTimeoutMs: ms({ allowZero: true })
          .default(60_000)
          .describe('How long a Deferred resize may wait before it is reported (and, in-place-or-restart, restarted).'),
        timeoutMs: ms().default(300_000).describe('Give up on an in-progress resize after this long.'),
        pollMs: ms().default(1_000).describe('How often it looks.'),
      })
      .strict()
      .prefault({})
      .describe('In-place resizes (pods/resize).'),
    retry: z
      .object({
        maxAttempts: z.number().int().min(1).max(100).default(6).describe('Attempts of one API call.'),
        baseDelayMs: ms().default(200).describe('First wait between attempts; it doubles.'),
        maxDelayMs: ms()
          .default(5_000)
          .describe(
            "Longest wait between two attempts, a server's Retry-After included. With leader election on, at most half the renew " +
              'deadline: a back-off never outlasts the leadership it was started under.',
          ),
      })
      .strict()
      .prefault({})
      .describe('Retries of failed API calls (network errors, 429, 5xx).'),
    leaderElection: z
      .object({
        enabled: z.boolean().default(true).describe('Only the Lease holder acts; the others decide as warm standbys.'),
        // A subdomain, as Kubernetes allows a Lease: the name is that object's and nothing else's (the Role's resourceNames
        // take any name); the default, infscale-<scaler>, is itself up to 72 characters.
        leaseName: dnsSubdomainSchema('it is the name of the Lease object').optional().describe('The Lease; default infscale-<scaler>.'),
        identity: z.string().min(1).optional().describe('Who holds the lease: the pod name in a cluster.'),
        leaseDurationSeconds: z
          .number()
          .int()
          .min(1)
          .max(3_600)
          .default(15)
          .describe("The Lease's spec.leaseDurationSeconds: how long the others wait, after they last saw it renewed, before taking over."),
        renewDeadline: ms()
          .default(10_000)
          .describe(
            'The leader stops acting when it could not renew for this long, judged by its own clock from its last renewal; shorter than ' +
              "the lease, so it stops before anyone may take over (client-go's RenewDeadline).",
          ),
        retryPeriod: ms().default(2_000).describe("How often the leader renews and a standby tries to acquire (client-go's RetryPeriod)."),
      })
      .strict()
      .prefault({})
      .describe('Leader election over a coordination.k8s.io Lease.'),
    batchEnv: z
      .boolean()
      .default(true)
      .describe(
        "true: the batch size is the container's INFSCALE_BATCH_SIZE env var (a change rolls the pods). false: it is only recorded in " +
          "the annotation infscale.io/batch, for servers told their batch another way (Sponge's model-server hook, IPA's stage queues), so a " +
          'batch change restarts nothing.',
      ),
    resizeReadinessGate: qualifiedNameSchema("it is a pod condition type, the conditionType of a readiness gate on the targets' pods")
      .optional()
      .describe(
        "Pod condition type of a readiness gate on the targets' pods (e.g. infscale.io/resized); unset: off. When set, the actuator " +
          "keeps that condition False on a target's pod until it runs with the decided cores, then True; pods whose template lists it " +
          'in spec.readinessGates get no Service traffic while under-sized.',
      ),
    dryRun: z.boolean().default(false).describe('Log every write instead of sending it; waits are skipped.'),
  })
  .strict()
  .superRefine((c, ctx) => {
    const election = c.leaderElection;
    if (!election.enabled) return;
    const leaseMs = election.leaseDurationSeconds * 1000;
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message, input: undefined });
    if (election.renewDeadline >= leaseMs)
      issue(
        ['leaderElection', 'renewDeadline'],
        `must be shorter than leaseDurationSeconds (${election.leaseDurationSeconds} s): the leader must stop before the others may take over`,
      );
    if (election.retryPeriod >= election.renewDeadline)
      issue(
        ['leaderElection', 'retryPeriod'],
        `must be shorter than renewDeadline (${formatDuration(election.renewDeadline)}), or a single late renewal costs the lease`,
      );
    if (c.requestTimeout > leaseMs - election.renewDeadline) {
      issue(
        ['requestTimeout'],
        `must be at most leaseDurationSeconds − renewDeadline (${formatDuration(Math.max(0, leaseMs - election.renewDeadline))}), so a write started by the leader ends before another replica may take over`,
      );
    }
    if (c.retry.maxDelayMs > election.renewDeadline / 2)
      issue(
        ['retry', 'maxDelayMs'],
        `must be at most half of leaderElection.renewDeadline (${formatDuration(Math.floor(election.renewDeadline / 2))}), so a back-off never outlasts the leadership it started under`,
      );
  });

export type KubeActuatorConfigInput = z.input<typeof kubeActuatorConfigSchema>;
export type KubeActuatorConfig = z.output<typeof kubeActuatorConfigSchema>;

/** Validates and defaults the actuator's configuration; a ConfigError names each wrong field. */
export function parseKubeActuatorConfig(input: unknown, source = 'kube actuator config'): KubeActuatorConfig {
  return parseConfig(kubeActuatorConfigSchema, input, source);
}
