import { createIpaScaler, type IpaState } from './ipa-scaler';
import { carriedRps, heldBurstLambda, upscaleCheck } from './ipa-upscale-check';

/** The paper's method: its λ is what these checks are about (the improved method sizes by the queues). */
const pipeline = {
  method: 'paper',
  name: 'toy',
  sla: { latencyMs: 2000 },
  objective: { alpha: 10, beta: 0.5 },
  forecast: { margin: 0, floor: 'none' },
  drainBacklog: true,
  stages: [
    { name: 'a', variants: [{ name: 'a1', accuracy: 0.6, baseCores: 1, points: [{ batch: 1, latencyMs: 100, throughputRps: 5 }] }] },
    { name: 'b', variants: [{ name: 'b1', accuracy: 0.8, baseCores: 1, points: [{ batch: 1, latencyMs: 100, throughputRps: 10 }] }] },
  ],
};

describe('upscaleCheck', () => {
  const config = createIpaScaler(pipeline).config;
  const plain = (rps: number) => rps;
  it('is due when nothing was decided yet, when checks are off, or when the interval has passed', () => {
    expect(upscaleCheck(config, {}, 5_000, [100], plain).kind).toBe('due');
    const off = createIpaScaler({ ...pipeline, upscaleCheck: 'off' }).config;
    expect(upscaleCheck(off, { lastRegularMs: 0, capacityRps: 10 }, 1_000, [100], plain).kind).toBe('due');
    // Half a check period of slack: 9.5 s after a 10 s-interval decision is the regular one.
    expect(upscaleCheck(config, { lastRegularMs: 0, capacityRps: 10 }, 9_500, [1], plain).kind).toBe('due');
    expect(upscaleCheck(config, { lastRegularMs: 0, capacityRps: 10 }, 9_000, [1], plain).kind).toBe('wait');
  });

  it('waits while the last 3 s stay within capacity × (1 + tolerance), and calls a burst above it', () => {
    const memory = { lastRegularMs: 0, capacityRps: 10 };
    // 11 = 10 × 1.1 exactly: noise of a steady load, not a burst. The 4th second back is not looked at.
    expect(upscaleCheck(config, memory, 3_000, [30, 11, 9, 10], plain)).toMatchObject({ kind: 'wait' });
    const burst = upscaleCheck(config, memory, 3_000, [5, 5, 12, 9], plain);
    expect(burst).toMatchObject({ kind: 'burst', recentRps: 12, neededRps: 12 });
    if (burst.kind === 'burst') expect(burst.reason).toContain('last 3 s max 12 req/s needs 12, running capacity 10');
    // What is needed includes what the caller adds (margin, backlog): 8 + 6 queued is over 11.
    expect(upscaleCheck(config, memory, 3_000, [8], (rps) => rps + 6).kind).toBe('burst');
  });

  it('holds a burst λ for one interval after the burst decision', () => {
    const memory = { burst: { atMs: 1_000, lambdaRps: 40 } };
    expect(heldBurstLambda(config, memory, 10_999)).toBe(40);
    expect(heldBurstLambda(config, memory, 11_000)).toBeUndefined();
    expect(heldBurstLambda(config, {}, 5_000)).toBeUndefined();
  });

  it('what a choice carries is its slowest stage', () => {
    const p = createIpaScaler(pipeline).pipeline;
    expect(
      carriedRps(p, [
        { stage: 'a', variant: 'a1', batch: 1, replicas: 3 },
        { stage: 'b', variant: 'b1', batch: 1, replicas: 1 },
      ] as never),
    ).toBe(10);
    expect(
      carriedRps(p, [
        { stage: 'a', variant: 'a1', batch: 1, replicas: 1 },
        { stage: 'b', variant: 'b1', batch: 1, replicas: 1 },
      ] as never),
    ).toBe(5);
  });
});

describe('ipa scaler with upscale checks', () => {
  const tick = (scaler: ReturnType<typeof createIpaScaler>, state: IpaState, nowMs: number, history: number[], peakRps: number, queued = 0) =>
    scaler.decide(
      {
        nowMs,
        observation: { nowMs, arrivalsPerSecond: history, queuedRequests: queued },
        forecast: { peakRps, horizonSeconds: 20, method: 'test' },
        cluster: { deployments: [], routing: [] },
      },
      state,
    );

  it('ticks every second but decides every interval, unless a burst comes in between', () => {
    const scaler = createIpaScaler(pipeline);
    expect(scaler.intervalMs).toBe(1000);
    expect(createIpaScaler({ ...pipeline, upscaleCheck: 'off' }).intervalMs).toBe(10_000);

    const first = tick(scaler, scaler.initialState(), 10_000, [4, 4, 4], 4);
    expect(first.decision.kind).toBe('apply');
    expect(first.state).toMatchObject({ lastRegularMs: 10_000, capacityRps: 5 });

    const calm = tick(scaler, first.state, 11_000, [4, 4, 5], 4);
    expect(calm.decision).toMatchObject({ kind: 'hold', quiet: true });
    expect(calm.state).toBe(first.state);

    // 12 req/s against 5 carried: decide now. λ = 12 + 10 queued over half the 2 s SLA = 22, then the
    // jump since the last λ (22 − 4 = 18) once more: 40.
    const burst = tick(scaler, calm.state, 12_000, [4, 5, 12], 4, 10);
    if (burst.decision.kind !== 'apply') throw new Error(burst.decision.reason);
    expect(burst.decision.details?.lambdaRps).toBe(40);
    expect(burst.decision.details?.upscaleCheck).toBe(1);
    expect(burst.decision.reason).toMatch(/^ipa: load over capacity between decisions/);
    expect(burst.state).toMatchObject({ lastRegularMs: 10_000, burst: { atMs: 12_000, lambdaRps: 40 }, capacityRps: 40 });

    // The regular decision at 20 s plans for 12 req/s, but keeps the burst's λ until 22 s.
    const regular = tick(scaler, burst.state, 20_000, [12, 12, 12], 12);
    if (regular.decision.kind !== 'apply') throw new Error(regular.decision.reason);
    expect(regular.decision.details?.lambdaRps).toBe(40);
    expect(regular.decision.reason).toContain("kept at the last burst's λ 40.0");
    const later = tick(scaler, regular.state, 30_000, [12, 12, 12], 12);
    if (later.decision.kind !== 'apply') throw new Error(later.decision.reason);
    expect(later.decision.details?.lambdaRps).toBe(12);
  });

  it('with a short interval and no explicit period, looks every half interval instead of failing', () => {
    expect(createIpaScaler({ ...pipeline, interval: '1s' }).intervalMs).toBe(500);
    expect(createIpaScaler({ ...pipeline, interval: '20s', upscaleCheck: { every: '2s' } }).intervalMs).toBe(2_000);
  });

  it('names the field when the check is not shorter than the interval', () => {
    expect(() => createIpaScaler({ ...pipeline, interval: '5s', upscaleCheck: { every: '5s' } })).toThrow(/upscaleCheck\.every.*shorter than the interval/);
  });
});
