import { errorMessage, type ActionPlan, type ActuatorStatus, type ClusterActuator, type ClusterState, type Logger } from '@infscale/core';

/** What an app's after-plan hook learns once a submitted plan has run to its end. */
export interface PlanOutcome {
  plan: ActionPlan;
  /** The cluster as read right after the plan (e.g. a resize's actual cores). */
  cluster: ClusterState;
  /** The actuator's status at the end: `lastError` set when the plan stopped early. */
  status: ActuatorStatus;
  /** True when nothing was written (--dry-run): the hook should only say what it would do. */
  dryRun: boolean;
  logger: Logger;
}

/** Called once per finished plan (also a failed one: a half-done resize still changed the pod). */
export type AfterPlan = (outcome: PlanOutcome) => Promise<void>;

/** The actuator side this wrapper needs: KubernetesActuator and the simulator both have it. */
export interface IdleAwareActuator extends ClusterActuator {
  whenIdle(): Promise<void>;
}

/**
 * Runs an app's hook after each plan, e.g. Sponge telling the model server its new thread count
 * (the paper's `/change`) once an in-place resize completed. Busy until the hook has run, so the
 * loop never starts the next plan under a hook that is still talking to the old size. A failing
 * hook is logged and never fails the plan.
 */
export class PostPlanActuator implements IdleAwareActuator {
  private pending: Promise<void> = Promise.resolve();
  private hookRunning = false;

  constructor(
    private readonly inner: IdleAwareActuator,
    private readonly hook: AfterPlan | undefined,
    private readonly logger: Logger,
    private readonly dryRun: boolean,
    /** Whether we still lead (no call): a replica that lost the lease mid-plan tells the model server nothing. */
    private readonly leading: () => boolean = () => true,
  ) {}

  current(): Promise<ClusterState> {
    return this.inner.current();
  }

  async submit(plan: ActionPlan): Promise<void> {
    await this.inner.submit(plan);
    const hook = this.hook;
    if (!hook) return;
    this.hookRunning = true;
    this.pending = this.inner
      .whenIdle()
      .then(async () => {
        if (!this.leading()) return this.logger.warn('after-plan hook skipped: no longer the leader', { reason: plan.reason });
        return hook({ plan, cluster: await this.inner.current(), status: this.inner.status(), dryRun: this.dryRun, logger: this.logger });
      })
      .catch((err: unknown) => this.logger.warn('after-plan hook failed', { error: errorMessage(err) }))
      .finally(() => (this.hookRunning = false));
  }

  status(): ActuatorStatus {
    const status = this.inner.status();
    return this.hookRunning && !status.busy ? { ...status, busy: true } : status;
  }

  /** Passed through without a hook only: a hook must see each plan it was told of run to its end. */
  get supersede(): ClusterActuator['supersede'] {
    const inner = this.inner;
    return this.hook || !inner.supersede ? undefined : (plan, seen) => inner.supersede!(plan, seen);
  }

  /** Resolves when the running plan and its hook have both finished. */
  async whenIdle(): Promise<void> {
    await this.inner.whenIdle();
    await this.pending;
  }
}
