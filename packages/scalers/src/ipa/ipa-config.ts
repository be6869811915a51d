import { z } from 'zod';
import { dns1035LabelSchema, dnsLabelSchema, durationSchema, formatDuration, labelValueSchema } from '@infscale/core';
import { IPA_PIPELINES } from '@infscale/profiles';
import { deploymentRefSchema } from '../deployment-ref';

/** packages/core's one duration type: "10s", "1m30s" or a number of ms (the Helm values use text), > 0, at most 24 h. */
const durationMs = durationSchema();

const pointSchema = z
  .object({
    batch: z.number().int().min(1).describe('Batch size.'),
    latencyMs: z.number().positive().describe('p99 latency of one batch at the base allocation, ms.'),
    throughputRps: z.number().positive().describe('Requests per second one replica sustains at this batch size.'),
  })
  .strict();

/**
 * A variant's name need not be a DNS label: ipaDeploymentFor makes the deployment name of any name
 * (bundled ones have upper case and "_"). It must be a label value: its pods carry it as infscale.io/variant.
 */
const variantName = labelValueSchema("it is the value of the infscale.io/variant label on the variant's pods");

/** A variant a user describes: what the profiler measured at its base allocation. */
export const ipaVariantSchema = z
  .object({
    name: variantName.describe('Variant name: a Kubernetes label value (letters, digits, "-", "_", "."; at most 63 characters).'),
    accuracy: z.number().min(0).max(1).describe("A fraction in [0, 1], higher is better; the pipeline's accuracy is the product over stages (PAS)."),
    baseCores: z.number().positive().describe("CPU cores of one replica (the profile's base allocation)."),
    points: z.array(pointSchema).min(1).describe('Profiled batch sizes.'),
  })
  .strict();

const stageSchema = z
  .object({
    name: dnsLabelSchema('it is the value of the infscale.io/stage label, which the metrics queries select by, and names its queue').describe(
      'Stage name (the routing stage of its queue).',
    ),
    // The chart names the stage's Service after it, and a Service name must start with a letter (DNS-1035): "1st" would
    // pass as a Deployment's name and be refused by the API server as the Service's.
    targetRef: deploymentRefSchema
      .extend({
        name: dns1035LabelSchema(
          "it is the name of the stage's Deployment in the scaler's namespace and of the Service the chart makes for the stage",
        ).describe("Deployment name, in the scaler's namespace."),
      })
      .optional()
      .describe("The stage's Deployment, as in a VPA's targetRef; each variant runs as <targetRef.name>-<variant> (make-before-break)."),
    maxBatch: z.number().int().min(1).optional().describe('Largest batch size of the stage.'),
    variants: z
      .array(z.union([variantName, ipaVariantSchema]))
      .min(1)
      .optional()
      .describe(
        'Names select bundled variants; objects describe new ones. Default: every bundled variant (the chart needs them listed when it renders the Services or the data plane).',
      ),
  })
  .strict();

export const IPA_MODES = ['ipa', 'fa2-low', 'fa2-high', 'rim'] as const;
export const IPA_METHODS = ['paper', 'improved'] as const;
export type IpaMethod = (typeof IPA_METHODS)[number];
export type IpaScalerMode = (typeof IPA_MODES)[number];

export const ipaConfigSchema = z
  .object({
    interval: durationMs.default(10_000).describe('Time between decisions (paper: 10 s).'),
    profile: z.enum(IPA_PIPELINES).optional().describe('A bundled pipeline; without it `stages` must describe every variant and `sla` is required.'),
    name: z.string().min(1).optional().describe('A name for a user-described pipeline (reports and deployment names).'),
    sla: z
      .object({ latencyMs: z.number().positive().describe('Pipeline SLA, ms.') })
      .strict()
      .optional()
      .describe("End-to-end objective; default the profile's."),
    objective: z
      .object({
        alpha: z.number().nonnegative().optional().describe("Weight of accuracy; default the profile's."),
        beta: z.number().nonnegative().optional().describe("Weight of cores; default the profile's."),
        gamma: z.number().nonnegative().optional().describe("Weight of batch size; default the profile's."),
        accuracy: z.enum(['pas', 'sum']).default('pas').describe("pas: product of per-stage accuracies (the paper's final form); sum: their sum."),
        values: z
          .enum(['fraction', 'rank'])
          .default('fraction')
          .describe(
            "What the program multiplies (or adds): fraction, each variant's accuracy (the revision's video runs); rank, its normalized " +
              "rank in its stage, i/(k − 1) from the least accurate, raised to rankFloor (the revision's audio, sum-qa and nlp runs). " +
              'Reports count fractions either way.',
          ),
        rankFloor: z.number().min(0).max(1).default(0.05).describe('Lowest value a rank takes (values: rank).'),
      })
      .strict()
      .default({ accuracy: 'pas', values: 'fraction', rankFloor: 0.05 })
      .describe('maximize alpha·accuracy − beta·cores − gamma·batch.'),
    budget: z
      .object({ cores: z.number().positive().describe('Most cores for all stages together.') })
      .strict()
      .optional()
      .describe('The decided cores may not exceed this; over it the scaler holds and says so.'),
    forecast: z
      .object({
        model: z
          .enum(['lstm', 'max'])
          .default('lstm')
          .describe('lstm: the shipped IPA LSTM (the max of the history until it has 2 minutes); max: that max alone.'),
        margin: z.number().min(0).max(500).optional().describe("Headroom on the forecast, percent (paper: 0 video, 20 audio). Default the profile's."),
        floor: z
          .enum(['recent-max', 'none'])
          .default('recent-max')
          .describe(
            "recent-max: never plan below the max of the last 10 s (the LSTM lags a burst's onset by a step); none: the forecast alone, as in the paper.",
          ),
        modelDir: z.string().min(1).optional().describe('A model trained with `infscale forecast train`; default the shipped IPA model.'),
      })
      .strict()
      .default({ model: 'lstm', floor: 'recent-max' })
      .describe('Load forecast.'),
    upscaleCheck: z
      .union([
        z.literal('off'),
        z
          .object({
            every: durationMs.optional().describe('How often to look (default 1s, at most half the interval).'),
            tolerance: z.number().min(0).max(10).default(0.1).describe('How far over capacity the load must be (0.1 = 10 %, as HPA).'),
            factor: z.number().min(1).max(10).default(2).describe('2: plan for the load rising once more by the jump just seen.'),
          })
          .strict(),
      ])
      .default({ tolerance: 0.1, factor: 2 })
      .describe(
        'Between two decisions, look whether the last 3 s of load (with the margin and the backlog) is over what the current ' +
          'configuration carries by more than tolerance; if it is, decide at once, drain the backlog within half the SLA, extrapolate ' +
          'the jump since the last λ by factor and keep that λ for one interval (not in the paper). "off": decide only every interval, as the paper.',
      ),
    drainBacklog: z.boolean().default(true).describe('Add the queued requests, spread over one interval, to λ so a backlog drains (not in the paper).'),
    dropAfterMs: z
      .number()
      .positive()
      .optional()
      .describe(
        "The router drops a request older than this, ms. Default: the SLA with method improved (a request past it is late whatever follows, and serving it takes capacity from the ones that can still make it); the profile's with method paper and the baselines.",
      ),
    scalingCap: z.number().int().min(1).optional().describe("Most replicas per stage. Default the profile's (100)."),
    stages: z.array(stageSchema).min(1).optional().describe('Pipeline stages in order.'),
    mode: z.enum(IPA_MODES).default('ipa').describe("ipa, or one of the paper's baselines run by the same scaler."),
    method: z
      .enum(IPA_METHODS)
      .default('improved')
      .describe(
        'Mode ipa only. improved (the default; README, "Beyond the papers"): the most accurate choice within a core budget of ' +
          '(1 + improved.headroom) × what the cheapest configuration needs for the forecast peak, sized for what the queues must carry ' +
          "within improved.queueSlack of the SLA, a stage's traffic split between two variants where that buys accuracy; on 100 random " +
          "windows of the trace's test days fewer SLA violations than paper on every pipeline but nlp (0.015 % vs 0) and more accuracy. " +
          "paper: the paper's program, α·PAS − β·cores − γ·batch, one variant per stage sized for the forecast peak.",
      ),
    improved: z
      .object({
        headroom: z.number().min(0).max(10).default(0.1).describe("Cores over the cheapest configuration's the improved method may spend, as a fraction."),
        mixing: z.boolean().default(true).describe('Split a stage between two variants (the stage queues dispatch by the shares).'),
        queueSlack: z.number().min(0).max(0.9).default(0.5).describe('Share of the SLA a request may spend waiting in the stage queues.'),
        historySeconds: z.number().int().min(1).max(600).default(30).describe('History the queue-aware sizing looks at, s.'),
        switchGain: z
          .number()
          .min(0)
          .max(1)
          .default(0.01)
          .describe("Keep the variants each stage runs unless the best choice's PAS is higher by more than this (a fraction)."),
        keepTolerance: z
          .number()
          .min(0)
          .max(0.5)
          .default(0)
          .describe(
            'A regular decision keeps the running deployments as they are while they carry the sized load less this fraction (0: off); a burst still acts.',
          ),
        utilization: z
          .number()
          .min(0.1)
          .max(2)
          .default(1)
          .describe('The queue-aware load is planned at this utilization of what the replicas carry (< 1: a queue at 1 grows without bound).'),
        bankSeconds: z
          .number()
          .min(0)
          .max(86_400)
          .default(600)
          .describe(
            'Cores allowed and not spent are saved for later decisions, up to this many seconds of the allowance (0: each decision keeps to its own budget).',
          ),
        floorSeconds: z
          .number()
          .int()
          .min(1)
          .max(600)
          .optional()
          .describe('The sizing never goes below the busiest mean rate over this many seconds of the history (default: the interval).'),
        floorNoise: z
          .union([z.literal('off'), z.number().min(0).max(10)])
          .default(0.25)
          .describe(
            "The queue-aware sizing's floor: the history's mean rate plus this many standard deviations of its Poisson noise " +
              "(sqrt(rate / historySeconds)); off: the busiest floorSeconds' mean rate, which a steady load's noise alone lifts above its rate.",
          ),
        burstNoise: z
          .number()
          .min(0)
          .max(10)
          .default(3)
          .describe(
            'A burst (the upscale check) is a load over capacity by more than the tolerance after this many standard deviations of its ' +
              'Poisson noise over the last 10 s are taken off its rate (0: the tolerance alone); queued requests count in full.',
          ),
        upgradeSeconds: z
          .number()
          .min(1)
          .max(86_400)
          .default(120)
          .describe('An upgrade may spend saved cores only if they pay for it this long (so it is not undone at once).'),
        podReadySeconds: z
          .number()
          .min(0)
          .max(600)
          .default(0)
          .describe(
            'How long a new replica takes to serve (pod start and model load), s: a burst plans new replicas only for the backlog what runs ' +
              'would not have drained by then (0: for the whole backlog, drained within half the SLA).',
          ),
        decideWhileWaiting: z
          .boolean()
          .default(true)
          .describe(
            'While a plan waits for new pods, a burst (the upscale check) still decides, and its plan replaces the waiting one (false: hold until it is done).',
          ),
      })
      .strict()
      .default({
        headroom: 0.1,
        mixing: true,
        queueSlack: 0.5,
        historySeconds: 30,
        switchGain: 0.01,
        keepTolerance: 0,
        utilization: 1,
        bankSeconds: 600,
        floorNoise: 0.25,
        burstNoise: 3,
        upgradeSeconds: 120,
        podReadySeconds: 0,
        decideWhileWaiting: true,
      })
      .describe('Settings of the improved method.'),
    fa2Variants: z.array(z.string().min(1)).min(1).optional().describe("FA2-high's fixed variant per stage; default the paper's for a bundled profile."),
    rimReplicas: z.array(z.number().int().min(1)).min(1).optional().describe("RIM's fixed replicas per stage; default the paper's for a bundled profile."),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.upscaleCheck !== 'off' && c.upscaleCheck.every !== undefined && c.upscaleCheck.every >= c.interval) {
      ctx.addIssue({
        code: 'custom',
        path: ['upscaleCheck', 'every'],
        message: `must be shorter than the interval (${formatDuration(c.interval)}); or set upscaleCheck to "off"`,
      });
    }
    if (c.profile) return;
    if (!c.stages) {
      ctx.addIssue({ code: 'custom', path: ['stages'], message: 'without a bundled profile, stages must describe the pipeline' });
      return;
    }
    if (!c.sla) ctx.addIssue({ code: 'custom', path: ['sla', 'latencyMs'], message: 'a user-described pipeline needs an SLA' });
    c.stages.forEach((s, i) => {
      if (!s.variants) ctx.addIssue({ code: 'custom', path: ['stages', i, 'variants'], message: 'a user-described stage needs its variants' });
      s.variants?.forEach((v, j) => {
        if (typeof v === 'string')
          ctx.addIssue({
            code: 'custom',
            path: ['stages', i, 'variants', j],
            message: `"${v}" names a bundled variant, but no profile is set; describe it (name, accuracy, baseCores, points)`,
          });
      });
    });
  });

export type IpaConfig = z.output<typeof ipaConfigSchema>;

/** IPA's upscale check looks every second unless told otherwise (at most half the interval). */
export const IPA_UPSCALE_EVERY_MS = 1000;
export type IpaVariantConfig = z.output<typeof ipaVariantSchema>;
