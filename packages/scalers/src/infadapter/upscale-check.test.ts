import type { ClusterState, Decision } from '@infscale/core';
import { createInfAdapterScaler, type InfAdapterState } from './infadapter-scaler';
import { parseInfAdapterConfig } from './infadapter-config';
import { upscaleCheck } from './upscale-check';

/** One variant carrying 10 req/s per core, so capacities are easy to read; the paper's method (its 10 % margin). */
const config = {
  method: 'paper',
  budget: { cores: 10 },
  resourcePolicy: { minCores: 1, maxCores: 10 },
  variants: [{ name: 'fast', accuracy: 0.7, capacityRps: Array.from({ length: 10 }, (_, i) => 10 * (i + 1)) }],
};

const running = (cores: number): ClusterState => ({
  deployments: [{ name: 'fast', variant: 'fast', stage: 'main', replicas: 1, cores, batch: 1, readyReplicas: 1, actualCores: cores }],
  routing: [{ stage: 'main', weights: { fast: 1 } }],
});

describe('InfAdapter upscale check', () => {
  const parsed = parseInfAdapterConfig(config);

  it('is due when off, before the first decision, or once the interval has passed', () => {
    expect(upscaleCheck(parseInfAdapterConfig({ ...config, upscaleCheck: 'off' }), 0, 5_000, [500], 20).kind).toBe('due');
    expect(upscaleCheck(parsed, undefined, 5_000, [500], 20).kind).toBe('due');
    // 30 s interval, 5 s checks: 27.5 s after the last decision counts as the regular one.
    expect(upscaleCheck(parsed, 0, 27_500, [1], 20).kind).toBe('due');
    expect(upscaleCheck(parsed, 0, 25_000, [1], 20).kind).toBe('wait');
  });

  it('calls a burst when the last 3 s with the 10 % margin are over capacity × 1.1, and not for noise', () => {
    // 20 × 1.1 = 22 needed vs 20 × 1.1 = 22 allowed: a steady load's noise, wait. The 4th second back is not looked at.
    expect(upscaleCheck(parsed, 0, 10_000, [90, 20, 18, 19], 20)).toMatchObject({ kind: 'wait' });
    expect(upscaleCheck(parsed, 0, 10_000, [18, 19, 21], 20)).toMatchObject({ kind: 'burst', neededRps: 24 });
  });

  it('decides at once on a step between decisions, keeping the regular cadence, and waits quietly otherwise', () => {
    const scaler = createInfAdapterScaler(config);
    expect(scaler.intervalMs).toBe(5_000);
    expect(createInfAdapterScaler({ ...config, upscaleCheck: 'off' }).intervalMs).toBe(30_000);
    const tick = (nowMs: number, state: InfAdapterState, arrivals: number[], peak: number, cores: number) =>
      scaler.decide(
        {
          nowMs,
          observation: { nowMs, arrivalsPerSecond: arrivals },
          forecast: { peakRps: peak, horizonSeconds: 60, method: 'test' },
          cluster: running(cores),
        },
        state,
      );

    const first = tick(120_000, { waited: 0 }, [18, 19, 20], 20, 2);
    expect(first.state.lastRegularMs).toBe(120_000);
    // ⌈19 × 1.1⌉ = 21 ≤ 20 × 1.1: within the tolerance.
    const calm = tick(125_000, first.state, [18, 19, 19], 20, 2);
    expect(calm.decision).toMatchObject({ kind: 'hold', quiet: true });
    expect(calm.state).toBe(first.state);

    // The forecast (20) still lags; the last 3 s say 60 req/s: λ = ⌈60 × 1.1⌉ = 66 → 7 cores, now.
    const step = tick(130_000, calm.state, [20, 45, 60], 20, 2);
    const d: Decision = step.decision;
    if (d.kind !== 'apply') throw new Error(d.reason);
    expect(d.reason).toMatch(/^load over capacity between decisions \(last 3 s max 60 req\/s needs 66, running capacity 20\): deciding now/);
    expect(d.desired.deployments[0]?.cores).toBe(7);
    expect(step.state.lastRegularMs).toBe(120_000);
  });

  it('with a short interval and no explicit period, looks every half interval instead of failing', () => {
    expect(createInfAdapterScaler({ ...config, interval: '2s' }).intervalMs).toBe(1_000);
    expect(createInfAdapterScaler({ ...config, interval: '2s', upscaleCheck: { every: '500ms' } }).intervalMs).toBe(500);
  });

  it('names the field when the check is not shorter than the interval', () => {
    expect(() => parseInfAdapterConfig({ ...config, interval: '10s', upscaleCheck: { every: '10s' } })).toThrow(
      /upscaleCheck\.every.*shorter than the interval/,
    );
  });
});
