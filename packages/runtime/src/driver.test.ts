import { ManualClock, type DecisionRecord } from '@infscale/core';
import { driveLoop, type TickingLoop } from './driver';
import { memoryJsonLogger } from './test-support/memory-log';

/** A loop due every `interval` ms whose tick takes `tickMs` of virtual time and answers from `script`. */
function scriptedLoop(clock: ManualClock, interval: number, script: Array<(n: number) => DecisionRecord>, tickMs = 0) {
  let ticks = 0;
  let running = 0;
  const starts: number[] = [];
  const loop: TickingLoop & { maxConcurrent: number } = {
    maxConcurrent: 0,
    nextDueMs: () => interval * (ticks + 1),
    tick: async () => {
      running += 1;
      loop.maxConcurrent = Math.max(loop.maxConcurrent, running);
      starts.push(clock.now());
      const n = ticks++;
      await Promise.resolve();
      clock.advance(tickMs);
      running -= 1;
      return script[Math.min(n, script.length - 1)](n);
    },
  };
  return { loop, starts };
}

const hold =
  (reason: string) =>
  (n: number): DecisionRecord => ({ nowMs: n, decision: { kind: 'hold', reason } });
const apply = (n: number): DecisionRecord => ({
  nowMs: n,
  observedRps: 42,
  decision: {
    kind: 'apply',
    reason: 'load 42 req/s over target 10 per pod',
    resize: 'restart',
    desired: { deployments: [{ name: 'web', variant: 'v', stage: 'main', replicas: 5, cores: 1, batch: 1 }], routing: [] },
  },
  plan: { reason: 'r', actions: [{ type: 'scale', name: 'web', replicas: 5 }] },
});

/** A sleep that advances the virtual clock and records what it was asked. */
function virtualSleep(clock: ManualClock) {
  const asked: number[] = [];
  return { asked, sleep: async (ms: number) => void (asked.push(ms), clock.advance(ms)) };
}

function recorder() {
  const ticks: Array<{ kind: string; seconds: number }> = [];
  let errors = 0;
  return {
    ticks,
    errors: () => errors,
    metrics: { recordTick: (r: DecisionRecord, s: number) => void ticks.push({ kind: r.decision.kind, seconds: s }), recordError: () => void (errors += 1) },
  };
}

describe('driveLoop', () => {
  it('waits until each tick is due, ticks once per interval and times each tick', async () => {
    const clock = new ManualClock(0);
    const { loop, starts } = scriptedLoop(clock, 1_000, [hold('steady')], 250);
    const { sleep, asked } = virtualSleep(clock);
    const rec = recorder();
    const { logger } = memoryJsonLogger();
    const summary = await driveLoop({ loop, name: 'hpa', clock, sleep, logger, metrics: rec.metrics, maxTicks: 3 });
    expect(summary).toEqual({ ticks: 3, errors: 0 });
    expect(starts).toEqual([1_000, 2_000, 3_000]);
    expect(asked).toEqual([1_000, 750, 750]);
    expect(rec.ticks).toEqual([
      { kind: 'hold', seconds: 0.25 },
      { kind: 'hold', seconds: 0.25 },
      { kind: 'hold', seconds: 0.25 },
    ]);
  });

  it('never overlaps ticks, and a late tick is followed at once by the next due one', async () => {
    const clock = new ManualClock(0);
    const { loop, starts } = scriptedLoop(clock, 1_000, [hold('slow')], 2_500);
    const { sleep } = virtualSleep(clock);
    await driveLoop({ loop, name: 'hpa', clock, sleep, logger: memoryJsonLogger().logger, maxTicks: 3 });
    expect(loop.maxConcurrent).toBe(1);
    expect(starts).toEqual([1_000, 3_500, 6_000]);
  });

  it('logs every decision with what was decided and why', async () => {
    const clock = new ManualClock(0);
    const { loop } = scriptedLoop(clock, 1_000, [hold('no data: prometheus unreachable'), apply]);
    const log = memoryJsonLogger();
    await driveLoop({ loop, name: 'hpa', clock, sleep: virtualSleep(clock).sleep, logger: log.logger, maxTicks: 2 });
    const [first, second] = log.lines();
    expect(first).toMatchObject({ level: 'info', scaler: 'hpa', decision: 'hold', reason: 'no data: prometheus unreachable' });
    expect(first.msg).toContain('no data: prometheus unreachable');
    expect(second).toMatchObject({
      decision: 'apply',
      reason: 'load 42 req/s over target 10 per pod',
      observedRps: 42,
      desired: [{ name: 'web', replicas: 5, cores: 1 }],
      steps: ['scale web'],
    });
  });

  it('survives a tick that throws: logs it, counts it, backs off, and keeps ticking', async () => {
    const clock = new ManualClock(0);
    const starts: number[] = [];
    // A loop whose due time does not move when tick throws: the backoff must keep it from spinning.
    const loop: TickingLoop = {
      nextDueMs: () => 1_000,
      tick: async () => {
        starts.push(clock.now());
        if (starts.length <= 2) throw new Error('api server gone');
        return { nowMs: clock.now(), decision: { kind: 'hold', reason: 'fine again' } };
      },
    };
    const rec = recorder();
    const log = memoryJsonLogger();
    const summary = await driveLoop({
      loop,
      name: 'ipa',
      clock,
      sleep: virtualSleep(clock).sleep,
      logger: log.logger,
      metrics: rec.metrics,
      errorBackoffMs: 500,
      maxTicks: 3,
    });
    expect(summary).toEqual({ ticks: 3, errors: 2 });
    expect(starts).toEqual([1_000, 1_500, 2_000]);
    expect(rec.errors()).toBe(2);
    expect(rec.ticks.map((t) => t.kind)).toEqual(['hold']);
    const errors = log.lines().filter((l) => l.level === 'error');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ msg: 'ipa: tick failed', error: 'api server gone' });
  });

  it('stops between ticks when the signal aborts, after the running tick finished', async () => {
    const clock = new ManualClock(0);
    const controller = new AbortController();
    const finished: number[] = [];
    let ticks = 0;
    const loop: TickingLoop = {
      nextDueMs: () => 1_000 * (ticks + 1),
      tick: async () => {
        ticks += 1;
        if (ticks === 2) controller.abort(); // a SIGTERM arrives during the second tick
        await Promise.resolve();
        finished.push(ticks);
        return { nowMs: clock.now(), decision: { kind: 'hold', reason: 'x' } };
      },
    };
    const summary = await driveLoop({
      loop,
      name: 'sponge',
      clock,
      sleep: virtualSleep(clock).sleep,
      signal: controller.signal,
      logger: memoryJsonLogger().logger,
    });
    expect(finished).toEqual([1, 2]);
    expect(summary.ticks).toBe(2);
  });

  it('does not tick at all when already aborted', async () => {
    const clock = new ManualClock(0);
    const { loop, starts } = scriptedLoop(clock, 1_000, [hold('x')]);
    const summary = await driveLoop({ loop, name: 'hpa', clock, signal: AbortSignal.abort(), logger: memoryJsonLogger().logger });
    expect(summary.ticks).toBe(0);
    expect(starts).toEqual([]);
  });
});
