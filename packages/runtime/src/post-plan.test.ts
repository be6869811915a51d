import type { ActionPlan, ActuatorStatus, ClusterState } from '@infscale/core';
import { PostPlanActuator, type IdleAwareActuator, type PlanOutcome } from './post-plan';
import { memoryJsonLogger } from './test-support/memory-log';

const PLAN: ActionPlan = { reason: 'test', actions: [{ type: 'scale', name: 'web', replicas: 2 }] } as ActionPlan;
const CLUSTER: ClusterState = { deployments: [], routing: [] } as unknown as ClusterState;

/** An actuator whose plan finishes when the test says so. */
function manualActuator(finalStatus: ActuatorStatus = { busy: false }) {
  let finish = () => undefined as void;
  let idle = Promise.resolve();
  let busy = false;
  const actuator: IdleAwareActuator = {
    current: async () => CLUSTER,
    submit: async () => {
      busy = true;
      idle = new Promise<void>((resolve) => (finish = () => ((busy = false), resolve())));
    },
    status: () => (busy ? { busy: true, step: 0 } : finalStatus),
    whenIdle: () => idle,
  };
  return { actuator, finish: () => finish() };
}

describe('PostPlanActuator', () => {
  it('runs the hook once the plan has finished, with the cluster read after it, and stays busy until the hook is done', async () => {
    const { actuator, finish } = manualActuator({ busy: false, lastError: 'step 0 (resize): Infeasible' });
    const seen: PlanOutcome[] = [];
    let releaseHook = () => undefined as void;
    const hookDone = new Promise<void>((r) => (releaseHook = r));
    const logger = memoryJsonLogger().logger;
    const wrapped = new PostPlanActuator(
      actuator,
      async (o) => {
        seen.push(o);
        await hookDone;
      },
      logger,
      true,
    );
    await wrapped.submit(PLAN);
    expect(seen).toEqual([]);
    finish();
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual([{ plan: PLAN, cluster: CLUSTER, status: { busy: false, lastError: 'step 0 (resize): Infeasible' }, dryRun: true, logger }]);
    expect(wrapped.status().busy).toBe(true);
    releaseHook();
    await wrapped.whenIdle();
    expect(wrapped.status()).toEqual({ busy: false, lastError: 'step 0 (resize): Infeasible' });
  });

  it('logs a failing hook and never fails the plan', async () => {
    const { actuator, finish } = manualActuator();
    const log = memoryJsonLogger();
    const wrapped = new PostPlanActuator(actuator, async () => Promise.reject(new Error('connection refused')), log.logger, false);
    await wrapped.submit(PLAN);
    finish();
    await expect(wrapped.whenIdle()).resolves.toBeUndefined();
    expect(log.lines()).toEqual([expect.objectContaining({ msg: 'after-plan hook failed', error: 'connection refused' })]);
  });

  it('skips the hook when the replica lost the lease during the plan: a stale leader tells the model server nothing', async () => {
    const { actuator, finish } = manualActuator({ busy: false, lastError: 'step 0 (resize): scaler-a is not the leader' });
    const log = memoryJsonLogger();
    const seen: PlanOutcome[] = [];
    let leading = true;
    const wrapped = new PostPlanActuator(
      actuator,
      async (o) => void seen.push(o),
      log.logger,
      false,
      () => leading,
    );
    await wrapped.submit(PLAN);
    leading = false;
    finish();
    await wrapped.whenIdle();
    expect(seen).toEqual([]);
    expect(log.lines()).toEqual([expect.objectContaining({ msg: 'after-plan hook skipped: no longer the leader', reason: 'test' })]);
  });

  it('lets a plan be replaced only when no hook waits for it', async () => {
    const replaced: ActionPlan[] = [];
    const inner: IdleAwareActuator = { ...manualActuator().actuator, supersede: async (plan) => void replaced.push(plan) };
    const logger = memoryJsonLogger().logger;
    const plain = new PostPlanActuator(inner, undefined, logger, false);
    await plain.supersede!(PLAN, { busy: true, step: 1, planId: 1, waitingForReady: true });
    expect(replaced).toEqual([PLAN]);
    expect(new PostPlanActuator(inner, async () => undefined, logger, false).supersede).toBeUndefined();
    expect(new PostPlanActuator(manualActuator().actuator, undefined, logger, false).supersede).toBeUndefined();
  });
});
