import { errorMessage } from '@infscale/core';
import {
  assertStillWaiting,
  type Action,
  type ActionPlan,
  type ActuatorStatus,
  type ClusterActuator,
  type ClusterState,
  type ResizeMode,
  type Routing,
} from '@infscale/core';
import type { SimDeployment } from '../cluster/deployment';
import type { Simulation } from '../engine/simulation';
import { ResizeTask, type RestartStrategy } from './resize-task';

export interface SimActuatorOptions {
  /**
   * An await-ready (or a restart) not done after this long fails the plan, so pods that cannot be
   * scheduled do not block every later decision. Default 2 min (model loads take seconds).
   */
  awaitTimeoutMs?: number;
  /** in-place-or-restart: a resize Deferred this long falls back to eviction. Default 5 min (VPA). */
  deferredTimeoutMs?: number;
  /** Restart-based resize evicts at most max(1, ⌊replicas × this⌋) pods at a time. Default 0.5 (VPA). */
  evictionToleranceFraction?: number;
  /** How restart-based resizes replace pods: 'evict' (VPA Recreate, default) or 'surge' (a rollout). */
  restartStrategy?: RestartStrategy;
}

/**
 * The ClusterActuator of the simulator: carries out a plan step by step in virtual time. Steps that
 * wait (await-ready, restart-based resize) park the plan; it resumes when the cluster changes, so
 * submit() returns at once and the controller loop is never blocked.
 */
export class SimActuator implements ClusterActuator {
  private plan?: ActionPlan;
  private step = 0;
  private waiting?: () => boolean;
  private lastError?: string;
  private routing: Routing[] = [];
  private scheduled = false;
  private token = 0;
  private planId = 0;
  readonly options: Required<SimActuatorOptions>;

  constructor(
    private readonly sim: Simulation,
    options: SimActuatorOptions = {},
  ) {
    this.options = {
      awaitTimeoutMs: options.awaitTimeoutMs ?? 120_000,
      restartStrategy: options.restartStrategy ?? 'evict',
      deferredTimeoutMs: options.deferredTimeoutMs ?? 300_000,
      evictionToleranceFraction: options.evictionToleranceFraction ?? 0.5,
    };
    this.routing = sim.config.initial.routing.map((r) => ({ stage: r.stage, weights: { ...r.weights } }));
    sim.changeListeners.push(() => this.poke());
  }

  async current(): Promise<ClusterState> {
    return this.snapshot();
  }

  snapshot(): ClusterState {
    const deployments = [...this.sim.cluster.deployments.values()].map((d) => this.sim.cluster.status(d));
    return { deployments, routing: this.routing.map((r) => ({ stage: r.stage, weights: { ...r.weights } })) };
  }

  async submit(plan: ActionPlan): Promise<void> {
    if (this.plan) throw new Error(`busy with "${this.plan.reason}" (step ${this.step})`);
    this.start(plan);
  }

  async supersede(plan: ActionPlan, seen: ActuatorStatus): Promise<void> {
    assertStillWaiting(this.status(), seen);
    this.waiting = undefined;
    this.token++;
    this.plan = undefined;
    this.start(plan);
  }

  private start(plan: ActionPlan): void {
    this.plan = plan;
    this.planId++;
    this.step = 0;
    this.lastError = undefined;
    this.advance();
  }

  status(): ActuatorStatus {
    if (!this.plan) return { busy: false, lastError: this.lastError };
    const waitingForReady = this.waiting !== undefined && this.plan.actions[this.step]?.type === 'await-ready';
    return { busy: true, step: this.step, planId: this.planId, waitingForReady, lastError: this.lastError };
  }

  /** Something changed in the cluster: re-check a parked step, outside the caller's stack. */
  private poke(): void {
    if (!this.waiting || this.scheduled) return;
    this.scheduled = true;
    this.sim.after(0, () => {
      this.scheduled = false;
      this.advance();
    });
  }

  private advance(): void {
    const plan = this.plan;
    if (!plan) return;
    if (this.waiting) {
      try {
        if (!this.waiting()) return;
      } catch (err) {
        return this.fail(`step ${this.step}: ${errorMessage(err)}`);
      }
      this.waiting = undefined;
      this.step++;
    }
    while (this.step < plan.actions.length) {
      const action = plan.actions[this.step];
      try {
        const wait = this.execute(action);
        if (wait && !wait()) {
          this.park(wait, action);
          return;
        }
      } catch (err) {
        return this.fail(`step ${this.step} (${action.type}): ${errorMessage(err)}`);
      }
      this.step++;
    }
    this.plan = undefined;
  }

  private park(wait: () => boolean, action: Action): void {
    this.waiting = wait;
    const token = ++this.token;
    const step = this.step;
    this.sim.after(this.options.awaitTimeoutMs, () => {
      if (this.token === token && this.waiting && this.step === step)
        this.fail(`step ${step} (${action.type}) not done after ${this.options.awaitTimeoutMs} ms`);
    });
  }

  private fail(message: string): void {
    this.lastError = message;
    this.plan = undefined;
    this.waiting = undefined;
    this.token++;
  }

  /** Carries out one action; returns a condition to wait for, if the step must wait. */
  private execute(action: Action): (() => boolean) | undefined {
    const cluster = this.sim.cluster;
    switch (action.type) {
      case 'create':
        cluster.create(action.spec);
        return undefined;
      case 'scale':
        cluster.scale(this.dep(action.name), action.replicas);
        return undefined;
      case 'resize':
        return this.resize(this.dep(action.name), action.cores, action.mode);
      case 'set-batch': {
        const dep = this.dep(action.name);
        dep.batch = action.batch;
        for (const pod of dep.pods) cluster.reconfigure(pod);
        return undefined;
      }
      case 'await-ready': {
        const names = action.names;
        return () =>
          names.every((n) => {
            const dep = cluster.deployments.get(n);
            if (!dep) return true;
            if (dep.livePods().some((p) => p.resize?.state === 'infeasible')) throw new Error(`${n}: in-place resize infeasible`);
            return cluster.settled(dep);
          });
      }
      case 'route': {
        this.sim.route(action.routing.stage, action.routing.weights);
        this.routing = [
          ...this.routing.filter((r) => r.stage !== action.routing.stage),
          { stage: action.routing.stage, weights: { ...action.routing.weights } },
        ];
        return undefined;
      }
      case 'delete':
        cluster.delete(this.dep(action.name));
        return undefined;
    }
  }

  private resize(dep: SimDeployment, cores: number, mode: ResizeMode): (() => boolean) | undefined {
    dep.cores = cores;
    const task = new ResizeTask(
      this.sim,
      dep,
      cores,
      mode,
      this.options.deferredTimeoutMs,
      this.options.evictionToleranceFraction,
      this.options.restartStrategy,
    );
    const check = (): boolean => task.progress();
    return mode === 'in-place' ? undefined : check;
  }

  private dep(name: string): SimDeployment {
    const dep = this.sim.cluster.deployments.get(name);
    if (!dep) throw new Error(`no deployment "${name}"`);
    return dep;
  }
}
