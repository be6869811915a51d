import type { ClusterState, Decision, Forecast } from '@infscale/core';
import { createIpaScaler, type IpaScaler, type IpaState } from './ipa-scaler';

const empty: ClusterState = { deployments: [], routing: [] };

/** Poisson-like seconds around `rps` (a fixed pattern, so the test is exact). */
const steady = (rps: number, seconds = 60): number[] =>
  Array.from({ length: seconds }, (_, i) => Math.max(0, Math.round(rps + [0, 1, -1, 2, -2, 0, 1, -1, 0, 0][i % 10]!)));

function decide(
  scaler: IpaScaler,
  history: number[],
  peakRps: number,
  state: IpaState = scaler.initialState(),
  nowMs = 60_000,
  cluster = empty,
): { decision: Decision; state: IpaState } {
  const forecast: Forecast = { peakRps, horizonSeconds: 20, method: 'test' };
  return scaler.decide({ nowMs, observation: { nowMs, arrivalsPerSecond: history }, forecast, cluster }, state);
}

function applied(d: Decision) {
  if (d.kind !== 'apply') throw new Error(`expected apply, got hold: ${d.reason}`);
  return d;
}

describe('IPA method improved', () => {
  const scaler = createIpaScaler({ profile: 'video', method: 'improved' });

  it('sizes for what the queues must carry, not the forecast peak: at 5 req/s two cores run yolov5s and resnet101', () => {
    const d = applied(decide(scaler, steady(5), 9).decision);
    expect(d.details?.sizedRps).toBeLessThan(d.details?.lambdaRps as number);
    expect(d.desired.deployments.map((x) => [x.variant, x.replicas])).toEqual([
      ['yolov5s', 1],
      ['resnet101', 1],
    ]);
    // The paper's method sizes the same load for its peak and keeps to the cheapest variants.
    const paper = applied(decide(createIpaScaler({ profile: 'video', method: 'paper' }), steady(5), 9).decision);
    expect(paper.desired.deployments.map((x) => x.variant)).not.toEqual(['yolov5s', 'resnet101']);
  });

  it('splits a stage where a whole-variant upgrade does not fit the budget; the shares are routing weights per mille', () => {
    const d = applied(decide(scaler, steady(20), 24).decision);
    const split = d.desired.routing.find((r) => Object.keys(r.weights).length === 2);
    expect(split).toBeDefined();
    expect(Object.values(split!.weights).reduce((a, b) => a + b, 0)).toBe(1000);
    const cores = d.desired.deployments.reduce((a, x) => a + x.replicas * x.cores, 0);
    expect(cores).toBeLessThanOrEqual(d.details?.budgetCores as number);
    expect(d.reason).toMatch(/budget [\d.]+ cores \(1\.10 × the cheapest's \d+\)/);
  });

  it('keeps the running deployments with new shares when the best choice is not better by more than switchGain', () => {
    const first = decide(scaler, steady(27), 30);
    const again = applied(decide(scaler, steady(26), 30, first.state, 70_000).decision);
    expect(again.reason).toMatch(/keeping the running deployments with new shares/);
    expect(again.desired.deployments.map((x) => [x.name, x.replicas])).toEqual(applied(first.decision).desired.deployments.map((x) => [x.name, x.replicas]));
  });

  it('keeps the running variants while they carry the sized load within keepTolerance; a larger shortfall switches', () => {
    // yolov5s × 1 carries 6.57 req/s; a load of 6 and 7 req/s (mean 6.8) is sized for 6.9 req/s.
    const load = Array.from({ length: 60 }, (_, i) => (i % 10 < 8 ? 7 : 6));
    const variants = (d: Decision) => applied(d).desired.deployments.map((x) => [x.variant, x.replicas]);
    const running = [
      ['yolov5s', 1],
      ['resnet101', 1],
    ];
    const run = (keepTolerance: number, history: number[]) => {
      const s = createIpaScaler({ profile: 'video', method: 'improved', improved: { keepTolerance } });
      const first = decide(s, steady(5), 9);
      expect(variants(first.decision)).toEqual(running);
      return decide(s, history, 9, first.state, 70_000).decision;
    };
    expect(variants(run(0, load))).not.toEqual(running);
    const kept = run(0.1, load);
    expect(variants(kept)).toEqual(running);
    expect(kept.reason).toMatch(/keeping the running variants: they carry up to 9 % less than the 6\.9 req\/s sized for \(keepTolerance\)/);
    expect(variants(run(0.1, steady(8)))).not.toEqual(running);
  });

  it('saved cores pay for more than (1 + headroom) × the cheapest; a debt for less', () => {
    const cheapest = applied(decide(scaler, steady(27), 30).decision).details?.budgetCores as number;
    const bank = { atMs: 60_000, runningCores: 4, allowedCores: 4.4 };
    const rich = decide(scaler, steady(27), 30, { bank: { ...bank, coreSeconds: 600 } });
    // Paid back over upgradeSeconds (120 by default).
    expect(applied(rich.decision).details?.budgetCores).toBeCloseTo(cheapest + 600 / 120, 6);
    const poor = decide(scaler, steady(27), 30, { bank: { ...bank, coreSeconds: -600 } });
    expect(applied(poor.decision).details?.budgetCores).toBeLessThan(cheapest);
    expect(rich.state.bank).toBeDefined();
  });

  it('a history shorter than its window, or a load over what runs, is planned for in full', () => {
    const short = applied(decide(scaler, steady(5, 10), 9).decision);
    expect(short.details?.sizedRps).toBe(short.details?.lambdaRps);
  });

  it('between decisions, one busy second is for the queues; a burst that outgrows them decides at once', () => {
    const first = decide(scaler, steady(5), 9);
    const spike = decide(scaler, [...steady(5, 59), 12], 9, first.state, 61_000);
    expect(spike.decision).toMatchObject({ kind: 'hold', quiet: true });
    const burst = decide(scaler, [...steady(5, 57), 30, 30, 30], 9, first.state, 61_000);
    expect(applied(burst.decision).details?.upscaleCheck).toBe(1);
  });

  it('a rise within the noise of the last 10 s is no burst (burstNoise); the same rise decides without it', () => {
    const first = decide(scaler, steady(5), 9);
    const capacity = first.state.capacityRps as number;
    // 10 s at about 1.22 × what runs: over the 10 % tolerance, within 3 standard deviations of a 10 s count,
    // and short of filling the queues past the slack (10 s × rate / (10 + 2.3 s) under 1.1 × capacity).
    const rate = Math.round(1.22 * capacity);
    expect(rate / capacity).toBeGreaterThan(1.1);
    expect((10 * rate) / (10 + 2.3) / capacity).toBeLessThan(1.1);
    const rise = [...steady(5, 50), ...new Array<number>(10).fill(rate)];
    const held = decide(scaler, rise, 9, first.state, 61_000).decision;
    expect(held).toMatchObject({ kind: 'hold', quiet: true });
    expect(held.reason).toMatch(/needs [\d.]+ \(the last 10 s less 3 σ of noise\), running capacity/);
    const plain = createIpaScaler({ profile: 'video', method: 'improved', improved: { burstNoise: 0 } });
    const before = decide(plain, steady(5), 9);
    expect(applied(decide(plain, rise, 9, before.state, 61_000).decision).details?.upscaleCheck).toBe(1);
  });

  it('sizes a steady load for its mean rate + a quarter of a standard deviation of its noise (floorNoise), not its busiest 10 s', () => {
    const noisy = [...new Array<number>(40).fill(27), ...new Array<number>(10).fill(33), ...new Array<number>(10).fill(27)];
    const sized = (s: IpaScaler) => applied(decide(s, noisy, 40).decision).details?.sizedRps as number;
    const mean = (27 * 20 + 33 * 10) / 30;
    expect(sized(scaler)).toBeCloseTo(mean + 0.25 * Math.sqrt(mean / 30), 3);
    expect(sized(createIpaScaler({ profile: 'video', method: 'improved', improved: { floorNoise: 'off' } }))).toBeCloseTo(33, 3);
  });

  it('while a plan waits for its pods, only a burst decides (and replaces it); the regular decision waits until the plan is done', () => {
    const first = decide(scaler, steady(5), 9);
    const waiting = (history: number[]) =>
      scaler.decide(
        {
          nowMs: 70_000,
          observation: { nowMs: 70_000, arrivalsPerSecond: history },
          forecast: { peakRps: 9, horizonSeconds: 20, method: 'test' },
          cluster: empty,
          planWaiting: true,
        },
        first.state,
      );
    const due = waiting(steady(5));
    expect(due.decision).toMatchObject({ kind: 'hold', reason: expect.stringMatching(/^ipa: between decisions/), quiet: true });
    // The regular cadence did not move: the next tick without a waiting plan decides.
    expect(due.state.lastRegularMs).toBe(first.state.lastRegularMs);
    expect(decide(scaler, steady(5), 9, due.state, 71_000).decision.kind).not.toBe('hold');
    const burst = waiting([...steady(5, 57), 30, 30, 30]);
    expect(applied(burst.decision).details?.upscaleCheck).toBe(1);
  });

  it('in a burst, plans new replicas only for the backlog what runs would not have drained before they serve (podReadySeconds)', () => {
    const burstAt = (scaler: IpaScaler, queued: number) =>
      scaler.decide(
        {
          nowMs: 61_000,
          observation: { nowMs: 61_000, arrivalsPerSecond: [...steady(5, 50), ...new Array<number>(10).fill(20)], queuedRequests: queued },
          forecast: { peakRps: 9, horizonSeconds: 20, method: 'test' },
          cluster: empty,
        },
        // What runs carries 40 req/s: 20 over the burst's 20, but not what the queues need with this backlog.
        { ...decide(scaler, steady(5), 9).state, capacityRps: 40 },
      );
    const ready = createIpaScaler({ profile: 'video', method: 'improved', improved: { podReadySeconds: 10 } });
    // 180 queued drain in 9 s at 20 req/s spare, before a new replica's 10 s: nothing new is started.
    const drained = burstAt(ready, 180);
    expect(drained.decision).toMatchObject({ kind: 'hold' });
    expect(drained.decision.reason).toMatch(
      /^ipa: load over capacity between decisions .*; the current configuration \(40\.0 req\/s\) drains the 180 queued in 9\.0 s, before new replicas could serve \(10 s\)/,
    );
    // The default plans for all of them, drained within half the SLA.
    expect(applied(burstAt(scaler, 180).decision).reason).toMatch(/\+180 queued to drain in 2\.3 s/);
    // 300 queued: 200 drain in those 10 s, the new replicas are planned for the other 100.
    const left = applied(burstAt(ready, 300).decision);
    expect(left.reason).toMatch(/\+100\.0 of the 300 queued \(the rest drained by the current configuration before new replicas serve\) to drain in 2\.3 s/);
    expect(left.details?.lambdaRps as number).toBeLessThan(applied(burstAt(scaler, 300).decision).details?.lambdaRps as number);
  });

  it('decides while a plan waits for pods (the loop may replace that plan) unless told not to; the paper method and the baselines hold', () => {
    expect(createIpaScaler({ profile: 'video', method: 'improved' }).decidesWhileWaiting).toBe(true);
    expect(createIpaScaler({ profile: 'video', method: 'improved', improved: { decideWhileWaiting: false } }).decidesWhileWaiting).toBe(false);
    expect(createIpaScaler({ profile: 'video', method: 'paper' }).decidesWhileWaiting).toBe(false);
    expect(createIpaScaler({ profile: 'video', method: 'improved', mode: 'fa2-low' }).decidesWhileWaiting).toBe(false);
  });

  it('is the default method of mode ipa (the baselines are modes, not methods)', () => {
    const scaler = createIpaScaler({ profile: 'video' });
    expect(scaler.config.method).toBe('improved');
    expect(scaler.decidesWhileWaiting).toBe(true);
    expect(createIpaScaler({ profile: 'video', mode: 'fa2-low' }).decidesWhileWaiting).toBe(false);
  });

  it('rejects bad improved settings naming the field', () => {
    expect(() => createIpaScaler({ profile: 'video', method: 'improved', improved: { headroom: -1 } })).toThrow(/improved\.headroom/);
    expect(() => createIpaScaler({ profile: 'video', method: 'better' })).toThrow(/method/);
  });
});
