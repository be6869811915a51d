import { planActions, type ClusterState, type Decision, type Forecast } from '@infscale/core';
import { enumerateIpa, ipaObjective, stageOptions } from '@infscale/solver';
import { createIpaScaler, type IpaScaler } from './ipa-scaler';
import { ipaModeFor } from './ipa-baselines';
import { ipaProblemFor } from './ipa-solve';

const empty: ClusterState = { deployments: [], routing: [] };

/** A small user-described pipeline: 2 stages × 2–3 variants, batches 1 and 4; the paper's method (the program these tests check). */
const small = {
  method: 'paper',
  name: 'toy',
  sla: { latencyMs: 1500 },
  objective: { alpha: 10, beta: 0.5 },
  forecast: { margin: 0 },
  stages: [
    {
      name: 'detect',
      variants: [
        {
          name: 'det-s',
          accuracy: 0.5,
          baseCores: 1,
          points: [
            { batch: 1, latencyMs: 100, throughputRps: 10 },
            { batch: 4, latencyMs: 300, throughputRps: 14 },
          ],
        },
        {
          name: 'det-m',
          accuracy: 0.6,
          baseCores: 2,
          points: [
            { batch: 1, latencyMs: 200, throughputRps: 6 },
            { batch: 4, latencyMs: 600, throughputRps: 8 },
          ],
        },
        {
          name: 'Det_L',
          accuracy: 0.7,
          baseCores: 4,
          points: [
            { batch: 1, latencyMs: 400, throughputRps: 4 },
            { batch: 4, latencyMs: 1000, throughputRps: 5 },
          ],
        },
      ],
    },
    {
      name: 'classify',
      variants: [
        {
          name: 'cls-a',
          accuracy: 0.7,
          baseCores: 1,
          points: [
            { batch: 1, latencyMs: 50, throughputRps: 20 },
            { batch: 4, latencyMs: 150, throughputRps: 30 },
          ],
        },
        {
          name: 'cls-b',
          accuracy: 0.8,
          baseCores: 1,
          points: [
            { batch: 1, latencyMs: 150, throughputRps: 8 },
            { batch: 4, latencyMs: 400, throughputRps: 12 },
          ],
        },
      ],
    },
  ],
};

function decide(scaler: IpaScaler, peakRps: number | undefined, history: number[] = [1]): Decision {
  const forecast: Forecast | undefined = peakRps === undefined ? undefined : { peakRps, horizonSeconds: 20, method: 'test' };
  return scaler.decide({ nowMs: 10_000, observation: { nowMs: 10_000, arrivalsPerSecond: history }, forecast, cluster: empty }, scaler.initialState()).decision;
}

function applied(d: Decision) {
  if (d.kind !== 'apply') throw new Error(`expected apply, got hold: ${d.reason}`);
  return d;
}

describe('ipa scaler decisions match the exhaustive enumerator', () => {
  const cases: { mode: 'ipa' | 'fa2-low' | 'fa2-high' | 'rim'; extra?: object; loads: number[] }[] = [
    { mode: 'ipa', loads: [0.5, 3, 9, 17, 31, 60] },
    { mode: 'fa2-low', loads: [2, 12, 40] },
    { mode: 'fa2-high', extra: { fa2Variants: ['Det_L', 'cls-b'] }, loads: [2, 12] },
    { mode: 'rim', extra: { rimReplicas: [3, 2] }, loads: [2, 10, 20] },
  ];
  for (const c of cases) {
    for (const load of c.loads) {
      it(`${c.mode} at ${load} req/s`, () => {
        const scaler = createIpaScaler({ ...small, mode: c.mode, ...c.extra });
        const d = applied(decide(scaler, load));
        const problem = ipaProblemFor(
          scaler.pipeline,
          ipaModeFor(scaler.config, scaler.pipeline),
          { accuracy: 'pas', values: 'fraction', rankFloor: 0.05 },
          load,
        );
        const options = problem.stages.map((_, s) => stageOptions(problem, s));
        const best = enumerateIpa(problem, options)!;
        expect(d.details?.objective).toBeCloseTo(ipaObjective(problem, best), 6);
        expect(d.desired.deployments.map((x) => x.variant)).toEqual(best.map((o) => o.variant));
        expect(d.desired.deployments.map((x) => x.replicas)).toEqual(best.map((o) => o.replicas));
      });
    }
  }
});

describe("the revision's rank objective (objective.values: rank)", () => {
  it("ranks each stage's variants from 0 to 1 by accuracy and raises them to the floor in the program", () => {
    const scaler = createIpaScaler({ profile: 'video', objective: { values: 'rank', rankFloor: 0.05 } });
    expect(scaler.pipeline.stages[0]!.variants.map((v) => [v.name, v.rank])).toEqual([
      ['yolov5n', 0],
      ['yolov5s', 0.25],
      ['yolov5m', 0.5],
      ['yolov5l', 0.75],
      ['yolov5x', 1],
    ]);
    const problem = ipaProblemFor(scaler.pipeline, { kind: 'ipa' }, scaler.config.objective, 5);
    expect(problem.stages[0]!.variants.map((v) => v.accuracy)).toEqual([0.05, 0.25, 0.5, 0.75, 1]);
    expect(problem.accuracy).toBe('product');
    // A one-variant stage (nlp's language id) ranks 1, as IPA's normalization does.
    const nlp = createIpaScaler({ profile: 'nlp' });
    expect(nlp.pipeline.stages[0]!.variants.map((v) => v.rank)).toEqual([1]);
  });

  it('the default stays fractions', () => {
    const scaler = createIpaScaler({ profile: 'video' });
    expect(ipaProblemFor(scaler.pipeline, { kind: 'ipa' }, scaler.config.objective, 5).stages[0]!.variants[0]!.accuracy).toBeCloseTo(0.457, 6);
  });
});

describe('load measurement', () => {
  it('measures the pipeline load at its first stage, over every variant that may run there', () => {
    const req = createIpaScaler({ profile: 'video' }).observationRequest(0, { deployments: [], routing: [] });
    expect(req.loadFrom).toEqual(['video-yolo-yolov5n', 'video-yolo-yolov5s', 'video-yolo-yolov5m', 'video-yolo-yolov5l', 'video-yolo-yolov5x']);
  });
});

describe('baseline modes hold what they must', () => {
  it.each([2, 9, 25])('fa2-low keeps the lightest variants on video at %p req/s', (load) => {
    const d = applied(decide(createIpaScaler({ profile: 'video', mode: 'fa2-low' }), load));
    expect(d.desired.deployments.map((x) => x.variant)).toEqual(['yolov5n', 'resnet18']);
  });
  it.each(['video', 'audio-qa', 'audio-sent', 'sum-qa', 'nlp'])('fa2-high runs the paper variants of %s', (profile) => {
    const d = applied(decide(createIpaScaler({ profile, mode: 'fa2-high' }), 3));
    const want = {
      video: ['yolov5s', 'resnet101'],
      'audio-qa': ['facebook-s2t-medium-librispeech-asr', 'deepset-roberta-base-squad2'],
      'audio-sent': ['facebook-s2t-medium-librispeech-asr', 'distilbert-base-uncased-finetuned-sst-2-english'],
      'sum-qa': ['sshleifer-distilbart-xsum-12-6', 'deepset-roberta-base-squad2'],
      nlp: ['dinalzein-xlm-roberta-base-finetuned-language-identification', 'Helsinki-NLP-opus-mt-tc-big-fr-en', 'sshleifer-distilbart-xsum-12-6'],
    }[profile];
    expect(d.desired.deployments.map((x) => x.variant)).toEqual(want);
  });
  it.each([
    ['video', [3, 3]],
    ['audio-qa', [27, 6]],
    ['audio-sent', [27, 5]],
    ['sum-qa', [12, 8]],
    ['nlp', [6, 22, 12]],
  ] as const)('rim keeps the replicas of %s at %p', (profile, replicas) => {
    for (const load of [1, 4]) {
      const d = applied(decide(createIpaScaler({ profile, mode: 'rim' }), load));
      expect(d.desired.deployments.map((x) => x.replicas)).toEqual(replicas);
    }
  });
  it('rim over its capacity sizes for what its replicas carry and says so', () => {
    const d = applied(decide(createIpaScaler({ profile: 'video', mode: 'rim' }), 500));
    expect(d.desired.deployments.map((x) => x.replicas)).toEqual([3, 3]);
    expect(d.reason).toMatch(/over what this mode can carry/);
  });
});

describe('ipa scaler behaviour', () => {
  it('holds with no forecast and no history', () => {
    const d = decide(createIpaScaler({ profile: 'video' }), undefined, []);
    expect(d.kind).toBe('hold');
    expect(d.reason).toMatch(/no forecast and no arrival history/);
  });
  it('falls back to the max of the history without a forecast', () => {
    const d = applied(decide(createIpaScaler({ profile: 'video' }), undefined, [2, 9, 4]));
    expect(d.details?.predictedRps).toBe(9);
  });
  it('adds the audio margin of 20 % (video none)', () => {
    expect(applied(decide(createIpaScaler({ profile: 'audio-qa' }), 10)).details?.lambdaRps).toBeCloseTo(12);
    expect(applied(decide(createIpaScaler({ profile: 'video' }), 10)).details?.lambdaRps).toBeCloseTo(10);
  });
  it('gives replicas the base allocation and Kubernetes-safe names per stage and variant', () => {
    const d = applied(decide(createIpaScaler({ ...small, objective: { alpha: 100, beta: 0.01 } }), 3));
    expect(d.desired.deployments[0]).toMatchObject({ name: 'toy-detect-det-l', variant: 'Det_L', cores: 4, stage: 'detect' });
    expect(d.desired.routing).toEqual([
      { stage: 'detect', weights: { 'toy-detect-det-l': 1 } },
      { stage: 'classify', weights: { [d.desired.deployments[1]!.name]: 1 } },
    ]);
  });
  it('switches variants make-before-break and shrinks replicas last', () => {
    const scaler = createIpaScaler(small);
    const high = applied(decide(scaler, 40));
    const cluster: ClusterState = {
      deployments: high.desired.deployments.map((d) => ({ ...d, readyReplicas: d.replicas, actualCores: d.cores })),
      routing: high.desired.routing,
    };
    const low = applied(
      scaler.decide(
        { nowMs: 20_000, observation: { nowMs: 20_000, arrivalsPerSecond: [1] }, forecast: { peakRps: 1, horizonSeconds: 20, method: 'test' }, cluster },
        { last: undefined },
      ).decision,
    );
    const plan = planActions(cluster, low.desired, low.resize, low.reason);
    const types = plan.actions.map((a) => a.type);
    const firstShrink = types.findIndex((t) => t === 'delete' || t === 'scale');
    expect(types.indexOf('await-ready')).toBeLessThan(types.indexOf('route'));
    expect(types.lastIndexOf('create')).toBeLessThan(types.indexOf('await-ready'));
    expect(firstShrink).toBeGreaterThan(types.indexOf('route'));
  });
  it('holds over the core budget', () => {
    const d = decide(createIpaScaler({ profile: 'video', budget: { cores: 2 } }), 30);
    expect(d.kind).toBe('hold');
    expect(d.reason).toMatch(/over the budget of 2/);
  });
  it('reads a Helm-style interval', () => {
    const scaler = createIpaScaler({ profile: 'video', interval: '15s' });
    expect(scaler.config.interval).toBe(15_000);
    // The loop ticks at the upscale check's period; decide() keeps the 15 s cadence.
    expect(scaler.intervalMs).toBe(1000);
    expect(createIpaScaler({ profile: 'video', interval: '15s', upscaleCheck: 'off' }).intervalMs).toBe(15_000);
  });
});

describe('config errors name the field', () => {
  const cases: [string, object, string][] = [
    ['bad interval', { profile: 'video', interval: 'ten' }, 'interval'],
    ['unknown profile', { profile: 'speech' }, 'profile'],
    ['unknown bundled variant', { profile: 'video', stages: [{ name: 'yolo', variants: ['yolov9'] }, { name: 'resnet-human' }] }, 'stages.0.variants.0'],
    ['wrong stage name', { profile: 'video', stages: [{ name: 'yolo' }, { name: 'resnet' }] }, 'stages.1.name'],
    ['no sla for a described pipeline', { ...small, sla: undefined }, 'sla.latencyMs'],
    [
      'accuracy over 1',
      { ...small, stages: [{ ...small.stages[0], variants: [{ ...small.stages[0]!.variants[0], accuracy: 1.5 }] }, small.stages[1]] },
      'stages.0.variants.0.accuracy',
    ],
    ['negative alpha', { profile: 'video', objective: { alpha: -1 } }, 'objective.alpha'],
    ['fa2-high without variants', { ...small, mode: 'fa2-high' }, 'fa2Variants'],
    ['rim with the wrong count', { ...small, mode: 'rim', rimReplicas: [2] }, 'rimReplicas'],
    ['name instead of a description', { ...small, stages: [{ name: 'x', variants: ['det-s'] }] }, 'stages.0.variants.0'],
    ['a zero interval', { profile: 'video', interval: '0s' }, 'interval'],
    ['an interval past setTimeout', { profile: 'video', interval: '1200h' }, 'interval'],
    ['a zero upscale check', { profile: 'video', upscaleCheck: { every: '0s' } }, 'upscaleCheck.every'],
    ['a typo in sla', { profile: 'video', sla: { latencyMS: 300 } }, 'sla.latencyMS'],
    ['a typo in a stage', { profile: 'video', stages: [{ name: 'yolo', maxbatch: 4 }, { name: 'resnet-human' }] }, 'stages.0.maxbatch'],
    ['a field the chart has but the scaler does not', { profile: 'video', stageQueues: {} }, 'stageQueues'],
    [
      // p + x-y and p-x + y are both deployment p-x-y.
      'two stages whose variants share a deployment name',
      {
        ...small,
        stages: [
          { ...small.stages[0], targetRef: { name: 'p' }, variants: [{ ...small.stages[0]!.variants[0], name: 'x-y' }] },
          { ...small.stages[1], targetRef: { name: 'p-x' }, variants: [{ ...small.stages[1]!.variants[0], name: 'y' }] },
        ],
      },
      'stages.1.variants.0',
    ],
  ];
  it.each(cases)('%s', (_name, input, path) => {
    expect(() => createIpaScaler(input)).toThrow(new RegExp(`(^|[ :;])${path.replace(/\./g, '\\.')}: `));
  });
});

describe('forecast floor and backlog', () => {
  const at = (scaler: IpaScaler, peakRps: number, history: number[], queued: number) =>
    applied(
      scaler.decide(
        {
          nowMs: 10_000,
          observation: { nowMs: 10_000, arrivalsPerSecond: history, queuedRequests: queued },
          forecast: { peakRps, horizonSeconds: 20, method: 'test' },
          cluster: empty,
        },
        {},
      ).decision,
    );
  it.each([
    ['recent-max', true, 5, [3, 20], 0, 20],
    ['none', true, 5, [3, 20], 0, 5],
    ['recent-max', true, 5, [3, 4], 50, 10],
    ['recent-max', false, 5, [3, 4], 50, 5],
  ] as const)('floor %s, drain %p: forecast %p, history %p, %p queued → λ %p', (floor, drainBacklog, peak, history, queued, lambda) => {
    const scaler = createIpaScaler({ profile: 'video', forecast: { floor }, drainBacklog });
    // Only the count in the stage queues (video: yolo, resnet-human), never the EDF queue's budgets.
    const request = scaler.observationRequest(0, empty);
    expect(request.wantQueueLength).toEqual(drainBacklog ? { stages: ['yolo', 'resnet-human'] } : undefined);
    expect(request.wantQueue).toBeUndefined();
    expect(at(scaler, peak, [...history], queued).details?.lambdaRps).toBeCloseTo(lambda);
  });

  it("ignores budgets of an EDF queue: the backlog is the entry queue's count", () => {
    const scaler = createIpaScaler({ profile: 'video', forecast: { floor: 'none' } });
    const decision = applied(
      scaler.decide(
        {
          nowMs: 10_000,
          observation: { nowMs: 10_000, arrivalsPerSecond: [3], queuedBudgetsMs: new Array(50).fill(1000) },
          forecast: { peakRps: 5, horizonSeconds: 20, method: 'test' },
          cluster: empty,
        },
        {},
      ).decision,
    );
    expect(decision.details?.queued).toBe(0);
    expect(decision.details?.lambdaRps).toBeCloseTo(5);
  });
});
