import { ManualClock } from './clock';
import type { ClusterState } from './cluster';
import { ControllerLoop } from './controller';
import {
  assertStillWaiting,
  PlanMovedOnError,
  StandbyError,
  type ActuatorStatus,
  type ClusterActuator,
  type Forecaster,
  type MetricsSource,
  type Scaler,
} from './ports';
import type { ObservationRequest } from './observation';
import type { ActionPlan } from './plan';

class RecordingActuator implements ClusterActuator {
  plans: ActionPlan[] = [];
  busy = false;
  constructor(public state: ClusterState) {}
  async current() {
    return this.state;
  }
  async submit(plan: ActionPlan) {
    this.plans.push(plan);
  }
  status(): ActuatorStatus {
    return { busy: this.busy };
  }
}

/** Busy with plan 7, parked at its wait for ready pods; records what replaced it. */
class WaitingActuator extends RecordingActuator {
  superseded: { plan: ActionPlan; seen: ActuatorStatus }[] = [];
  movedOn = false;
  override busy = true;
  override status(): ActuatorStatus {
    return { busy: true, step: 1, planId: 7, waitingForReady: true };
  }
  async supersede(plan: ActionPlan, seen: ActuatorStatus) {
    if (this.movedOn) throw new PlanMovedOnError('plan 7 was at step 1, now plan 7 step 2');
    this.superseded.push({ plan, seen });
  }
}

// A scaler that wants one replica per 10 req/s of forecast, so the test can see the forecast flow through.
const perTen: Scaler<{ decisions: number }> = {
  name: 'per-ten',
  intervalMs: 30_000,
  firstDecisionAfterMs: 120_000,
  observationRequest: (nowMs) => ({ nowMs, historySeconds: 60, deployments: ['web'] }),
  initialState: () => ({ decisions: 0 }),
  decide: ({ forecast }, state) => ({
    state: { decisions: state.decisions + 1 },
    decision: {
      kind: 'apply',
      resize: 'in-place',
      reason: `forecast ${forecast?.peakRps}`,
      desired: {
        deployments: [{ name: 'web', variant: 'm', stage: 'main', replicas: Math.ceil((forecast?.peakRps ?? 0) / 10), cores: 1, batch: 1 }],
        routing: [],
      },
    },
  }),
};

const maxForecaster: Forecaster = {
  name: 'max',
  historySeconds: 1,
  predict: ({ historyPerSecond }) => ({ peakRps: Math.max(...historyPerSecond), horizonSeconds: 60, method: 'max' }),
};

const cluster: ClusterState = {
  deployments: [{ name: 'web', variant: 'm', stage: 'main', replicas: 1, cores: 1, batch: 1, readyReplicas: 1, actualCores: 1 }],
  routing: [],
};

describe('ControllerLoop', () => {
  it('schedules the first decision after the warm-up, then every interval', () => {
    const clock = new ManualClock(1000);
    const metrics: MetricsSource = { observe: async ({ nowMs }) => ({ kind: 'ok', observation: { nowMs, arrivalsPerSecond: [5] } }) };
    const loop = new ControllerLoop({ scaler: perTen, metrics, actuator: new RecordingActuator(cluster), clock, forecaster: maxForecaster });
    expect(loop.nextDueMs()).toBe(121_000);
  });

  it('skips the ticks missed during a stall instead of running them back to back', async () => {
    const clock = new ManualClock(0);
    const metrics: MetricsSource = { observe: async () => ({ kind: 'no-data', reason: 'x' }) };
    const loop = new ControllerLoop({ scaler: perTen, metrics, actuator: new RecordingActuator(cluster), clock });
    clock.set(120_000 + 95_000); // stalled for three intervals past the first due time
    await loop.tick();
    expect(loop.nextDueMs()).toBe(240_000);
  });

  it('feeds the forecast to the scaler and submits a make-before-break plan', async () => {
    const clock = new ManualClock(0);
    const metrics: MetricsSource = { observe: async ({ nowMs }) => ({ kind: 'ok', observation: { nowMs, arrivalsPerSecond: [10, 42, 30] } }) };
    const actuator = new RecordingActuator(cluster);
    const loop = new ControllerLoop({ scaler: perTen, metrics, actuator, clock, forecaster: maxForecaster });
    clock.set(loop.nextDueMs());
    const record = await loop.tick();
    expect(record.forecast?.peakRps).toBe(42);
    expect(actuator.plans).toHaveLength(1);
    expect(actuator.plans[0].actions[0]).toEqual({ type: 'scale', name: 'web', replicas: 5 });
    expect(loop.scalerState.decisions).toBe(1);
    expect(loop.nextDueMs()).toBe(150_000);
  });

  it('a refusal because another replica leads is a standby hold, not an error', async () => {
    const clock = new ManualClock(0);
    const errors: string[] = [];
    const actuator = new RecordingActuator(cluster);
    actuator.submit = async () => {
      throw new StandbyError('pod-b is not the leader');
    };
    const metrics: MetricsSource = { observe: async ({ nowMs }) => ({ kind: 'ok', observation: { nowMs, arrivalsPerSecond: [42] } }) };
    const logger = {
      info: () => undefined,
      warn: () => undefined,
      error: (m: string) => {
        errors.push(m);
      },
    };
    const loop = new ControllerLoop({ scaler: perTen, metrics, actuator, clock, forecaster: maxForecaster, logger });
    const record = await loop.tick();
    expect(record.decision).toEqual({ kind: 'hold', reason: 'standby: pod-b is not the leader' });
    expect(errors).toEqual([]);
    // It still decided: its state stays warm for when it takes over.
    expect(loop.scalerState.decisions).toBe(1);
  });

  it('holds, with the reason, on no data, a failing source, or a busy actuator', async () => {
    const clock = new ManualClock(0);
    const actuator = new RecordingActuator(cluster);
    const noData = new ControllerLoop({ scaler: perTen, actuator, clock, metrics: { observe: async () => ({ kind: 'no-data', reason: 'empty result' }) } });
    expect((await noData.tick()).decision).toEqual({ kind: 'hold', reason: 'no data: empty result' });
    const failing = new ControllerLoop({
      scaler: perTen,
      actuator,
      clock,
      metrics: {
        observe: async () => {
          throw { status: 'error', error: 'connection refused' };
        },
      },
    });
    expect((await failing.tick()).decision).toEqual({ kind: 'hold', reason: 'no data: metrics source failed: connection refused' });
    actuator.busy = true;
    const busy = new ControllerLoop({ scaler: perTen, actuator, clock, metrics: { observe: async () => ({ kind: 'no-data', reason: 'x' }) } });
    expect((await busy.tick()).decision.kind).toBe('hold');
    expect(actuator.plans).toHaveLength(0);
  });

  it('says which step failed when it could not decide (failedAt), and nothing on a hold the scaler chose or a standby', async () => {
    const clock = new ManualClock(0);
    const ok: MetricsSource = { observe: async (r) => ({ kind: 'ok', observation: { nowMs: r.nowMs, arrivalsPerSecond: [5] } }) };
    const loop = (deps: Partial<ConstructorParameters<typeof ControllerLoop<{ decisions: number }>>[0]>) =>
      new ControllerLoop({ scaler: perTen, actuator: new RecordingActuator(cluster), clock, metrics: ok, ...deps });
    const unreadable = new RecordingActuator(cluster);
    unreadable.current = async () => {
      throw new Error('Invalid URL');
    };
    const throwing = (what: string) => () => {
      throw new Error(what);
    };
    const refusing = new RecordingActuator(cluster);
    refusing.submit = async () => {
      throw new Error('a plan is still running');
    };
    const standby = new RecordingActuator(cluster);
    standby.submit = async () => {
      throw new StandbyError('pod-b is not the leader');
    };
    const failedAt = async (l: ControllerLoop<{ decisions: number }>) => (await l.tick()).failedAt;
    expect(await failedAt(loop({ actuator: unreadable }))).toBe('cluster');
    expect(await failedAt(loop({ metrics: { observe: async () => ({ kind: 'no-data', reason: 'empty result' }) } }))).toBe('metrics');
    expect(await failedAt(loop({ forecaster: { ...maxForecaster, predict: throwing('no model') } }))).toBe('forecaster');
    expect(await failedAt(loop({ scaler: { ...perTen, decide: throwing('bug') } }))).toBe('scaler');
    expect(await failedAt(loop({ actuator: refusing }))).toBe('actuator');
    expect(await failedAt(loop({ actuator: standby }))).toBeUndefined();
    expect(
      await failedAt(loop({ scaler: { ...perTen, decide: (_i, state) => ({ state, decision: { kind: 'hold', reason: 'stabilizing' } }) } })),
    ).toBeUndefined();
    expect(await failedAt(loop({}))).toBeUndefined();
  });

  it('asks the source for the entry queue length the scaler wants, and hands the count to decide', async () => {
    const clock = new ManualClock(0);
    const asked: ObservationRequest[] = [];
    const metrics: MetricsSource = {
      observe: async (request) => {
        asked.push(request);
        return { kind: 'ok', observation: { nowMs: request.nowMs, arrivalsPerSecond: [1], queuedRequests: request.wantQueueLength ? 7 : undefined } };
      },
    };
    let seen: number | undefined;
    const backlog: Scaler<null> = {
      name: 'backlog',
      intervalMs: 1000,
      observationRequest: (nowMs) => ({ nowMs, historySeconds: 1, deployments: [], wantQueueLength: { stages: ['detect'] } }),
      initialState: () => null,
      decide: ({ observation }) => {
        seen = observation.queuedRequests;
        return { state: null, decision: { kind: 'hold', reason: 'looked' } };
      },
    };
    const loop = new ControllerLoop({ scaler: backlog, metrics, actuator: new RecordingActuator(cluster), clock });
    clock.set(loop.nextDueMs());
    await loop.tick();
    expect(asked[0]?.wantQueueLength).toEqual({ stages: ['detect'] });
    expect(asked[0]?.wantQueue).toBeUndefined();
    expect(seen).toBe(7);
  });

  it('counts a quiet hold without logging it: a routine wait between decisions is not news', async () => {
    const lines: string[] = [];
    const logger = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    let quiet = true;
    const waiting: Scaler<null> = {
      name: 'waiting',
      intervalMs: 1000,
      observationRequest: (nowMs) => ({ nowMs, historySeconds: 10, deployments: [] }),
      initialState: () => null,
      decide: () => ({ state: null, decision: { kind: 'hold', reason: quiet ? 'between decisions' : 'stabilizing', quiet } }),
    };
    const metrics: MetricsSource = { observe: async (r: ObservationRequest) => ({ kind: 'ok', observation: { nowMs: r.nowMs, arrivalsPerSecond: [1] } }) };
    const loop = new ControllerLoop({ scaler: waiting, metrics, actuator: new RecordingActuator(cluster), clock: new ManualClock(0), logger });
    expect((await loop.tick()).decision).toEqual({ kind: 'hold', reason: 'between decisions', quiet: true });
    expect(lines).toEqual([]);
    quiet = false;
    await loop.tick();
    expect(lines).toEqual(['waiting: hold']);
  });

  it('a scaler that decides while a plan waits for pods replaces that plan; others hold until it is done', async () => {
    const clock = new ManualClock(0);
    const metrics: MetricsSource = { observe: async ({ nowMs }) => ({ kind: 'ok', observation: { nowMs, arrivalsPerSecond: [35] } }) };
    const eager = new WaitingActuator(cluster);
    const loop = new ControllerLoop({ scaler: { ...perTen, decidesWhileWaiting: true }, metrics, actuator: eager, clock, forecaster: maxForecaster });
    const record = await loop.tick();
    expect(record.decision.kind).toBe('apply');
    expect(eager.plans).toHaveLength(0);
    expect(eager.superseded).toHaveLength(1);
    expect(eager.superseded[0].seen).toEqual({ busy: true, step: 1, planId: 7, waitingForReady: true });
    expect(eager.superseded[0].plan.actions).toEqual([{ type: 'scale', name: 'web', replicas: 4 }]);

    const patient = new WaitingActuator(cluster);
    const holding = new ControllerLoop({ scaler: perTen, metrics, actuator: patient, clock, forecaster: maxForecaster });
    expect((await holding.tick()).decision).toEqual({ kind: 'hold', reason: 'previous plan still running (step 1)' });
    expect(patient.superseded).toHaveLength(0);
  });

  it('holds when the waiting plan moved on while the scaler decided', async () => {
    const clock = new ManualClock(0);
    const metrics: MetricsSource = { observe: async ({ nowMs }) => ({ kind: 'ok', observation: { nowMs, arrivalsPerSecond: [35] } }) };
    const actuator = new WaitingActuator(cluster);
    actuator.movedOn = true;
    const loop = new ControllerLoop({ scaler: { ...perTen, decidesWhileWaiting: true }, metrics, actuator, clock, forecaster: maxForecaster });
    expect((await loop.tick()).decision).toEqual({
      kind: 'hold',
      reason: 'previous plan moved on while deciding: plan 7 was at step 1, now plan 7 step 2',
    });
    expect(actuator.superseded).toHaveLength(0);
  });

  it('a supersede goes through only while the plan seen still waits at the same step', () => {
    const seen = { busy: true, step: 1, planId: 7, waitingForReady: true };
    expect(() => assertStillWaiting(seen, seen)).not.toThrow();
    expect(() => assertStillWaiting({ ...seen, step: 2, waitingForReady: false }, seen)).toThrow(
      new PlanMovedOnError('plan 7 was at step 1, now plan 7 step 2'),
    );
    expect(() => assertStillWaiting({ ...seen, planId: 8 }, seen)).toThrow(/now plan 8 step 1/);
    expect(() => assertStillWaiting({ busy: false }, seen)).toThrow(/now done/);
  });
});
