import { hostname } from 'node:os';
import {
  monotonicClock,
  assertStillWaiting,
  silentLogger,
  StandbyError,
  systemClock,
  type ActionPlan,
  type ActuatorStatus,
  type Clock,
  type ClusterActuator,
  type ClusterState,
  type Logger,
} from '@infscale/core';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ActionContext } from './action-context';
import { describeFailure } from './api-error';
import { executeAction } from './actions';
import { parseKubeActuatorConfig, type KubeActuatorConfig } from './config';
import { DEPLOYMENT_LABEL, EventReason, ownedSelector } from './conventions';
import { toDeploymentStatus } from './deployment-mapping';
import { DryRunKubeApi } from './dry-run';
import { EventRecorder } from './events';
import { ClientNodeKubeApi, type KubeApi } from './kube-client';
import { loadKubeConfig } from './kube-connection';
import { LeaderGuardedKubeApi } from './leader-guard';
import { LeaseElector } from './leader-election';
import { withRetry } from './retry';
import { readRouting } from './routing';
import { ResizeGate } from './readiness-gate';
import { ResizeRefusals } from './resize-refusals';
import { readTargets, type TargetReading } from './targets';

export interface KubernetesActuatorDeps {
  /** The API seam; built from `kubeConfig` (or the config's connection) when absent. */
  api?: KubeApi;
  kubeConfig?: KubeConfig;
  /** Wall time: timestamps written to the cluster (events, the lease's renewTime). */
  clock?: Clock;
  /** Judges leadership (how long since our last renewal); default `clock` when given, else performance.now(). */
  monotonic?: Clock;
  /** Waits between polls and retries; tests pass one that advances a ManualClock. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  logger?: Logger;
}

/** Thrown by submit() when another replica of the scaler holds the lease: the loop holds as a standby. */
export class NotLeaderError extends StandbyError {
  override name = 'NotLeaderError';

  constructor(identity: string) {
    super(`${identity} is not the leader; another replica acts on the cluster`);
  }
}

/** Ends a plan's wait for ready pods when a newer plan replaces it (supersede). */
class PlanReplaced extends Error {
  override name = 'PlanReplaced';
}

/**
 * The ClusterActuator on Kubernetes. current() reads the deployments it owns (labels in
 * conventions.ts) and the routing ConfigMap; submit() checks leadership, then carries out the plan's
 * actions in order in the background; status() reports the step and the last error. With leader
 * election on, every write (API call or admin POST) is checked against our leadership right before
 * it leaves, and every wait (poll, retry back-off) wakes by the renew deadline to renew or stop: a
 * replica that lost the lease writes nothing more.
 */
export class KubernetesActuator implements ClusterActuator {
  private readonly api: KubeApi;
  private readonly clock: Clock;
  private readonly monotonic: Clock;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly logger: Logger;
  private readonly events: EventRecorder;
  private readonly elector?: LeaseElector;
  private readonly identity: string;
  private readonly refusals = new ResizeRefusals();
  private progress: ActuatorStatus = { busy: false };
  private running: Promise<void> = Promise.resolve();
  private planId = 0;
  /** The plan a supersede asked to stop; it stops at its next wait or step. */
  private replacing?: number;

  constructor(
    readonly config: KubeActuatorConfig,
    deps: KubernetesActuatorDeps = {},
  ) {
    this.clock = deps.clock ?? systemClock;
    this.monotonic = deps.monotonic ?? deps.clock ?? monotonicClock;
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = deps.random ?? Math.random;
    this.logger = deps.logger ?? silentLogger;
    const real = deps.api ?? new ClientNodeKubeApi(deps.kubeConfig ?? loadKubeConfig(config.connection), config.namespace, config.requestTimeout);
    this.identity = config.leaderElection.identity ?? hostname();
    const election = config.leaderElection;
    if (election.enabled && !config.dryRun) {
      const name = election.leaseName ?? `infscale-${config.scaler}`;
      const options = {
        name,
        identity: this.identity,
        durationSeconds: election.leaseDurationSeconds,
        renewDeadlineMs: election.renewDeadline,
        retryPeriodMs: election.retryPeriod,
      };
      this.elector = new LeaseElector(real, options, { wall: this.clock, monotonic: this.monotonic }, this.logger);
    }
    this.api = config.dryRun ? new DryRunKubeApi(real, this.logger) : this.elector ? new LeaderGuardedKubeApi(real, () => this.assertLeader()) : real;
    this.events = new EventRecorder(this.api, `infscale-${config.scaler}`, this.identity, this.clock, this.logger);
  }

  /** Validates raw config (ConfigError names the field) and builds the actuator. */
  static fromConfig(input: unknown, deps: KubernetesActuatorDeps = {}): KubernetesActuator {
    return new KubernetesActuator(parseKubeActuatorConfig(input), deps);
  }

  async current(): Promise<ClusterState> {
    const selector = ownedSelector(this.config.scaler);
    const [deployments, pods, routing, targets] = await Promise.all([
      this.retry('list deployments', () => this.api.listDeployments(selector)),
      this.retry('list pods', () => this.api.listPods(selector)),
      this.retry('read routing', () => readRouting(this.api)),
      this.retry('read targets', () => readTargets(this.api, this.config.targets)),
    ]);
    const owned = deployments
      .filter((d) => !this.config.targets.includes(d.metadata?.name ?? ''))
      .map((d) =>
        toDeploymentStatus(
          d,
          pods.filter((p) => p.metadata?.labels?.[DEPLOYMENT_LABEL] === d.metadata?.name),
          this.config,
          this.refusals.states(d.metadata?.name ?? ''),
        ),
      );
    const targeted = targets.map((t) => toDeploymentStatus(t.deployment, t.pods, this.config, this.refusals.states(t.deployment.metadata?.name ?? '')));
    await this.reconcileGates(targets);
    return { deployments: [...owned, ...targeted].sort((a, b) => a.name.localeCompare(b.name)), routing };
  }

  /** Accepts the plan (after acquiring or renewing the lease) and runs it in the background. */
  async submit(plan: ActionPlan): Promise<void> {
    if (this.progress.busy) throw new Error(`a plan is still running (step ${this.progress.step ?? 0})`);
    if (!(await this.leading())) throw new NotLeaderError(this.identity);
    this.start(plan);
  }

  /**
   * Replaces the running plan while it still waits for ready pods at the step `seen` shows (nothing
   * after that wait has run): the wait ends at its next poll, then `plan` runs. PlanMovedOnError when
   * the plan went on meanwhile.
   */
  async supersede(plan: ActionPlan, seen: ActuatorStatus): Promise<void> {
    assertStillWaiting(this.progress, seen);
    this.replacing = this.progress.planId;
    await this.running;
    if (!(await this.leading())) throw new NotLeaderError(this.identity);
    this.start(plan);
  }

  private start(plan: ActionPlan): void {
    this.planId += 1;
    this.replacing = undefined;
    this.progress = { busy: true, step: 0, planId: this.planId };
    this.running = this.run(plan, this.planId);
  }

  status(): ActuatorStatus {
    return { ...this.progress };
  }

  /** Resolves when the running plan (if any) has finished, successfully or not. */
  whenIdle(): Promise<void> {
    return this.running;
  }

  /**
   * Leads now: renews the lease when the last renewal is older than the retry period (a standby
   * tries to acquire it); true when leader election is off. The runtime calls it every retry
   * period, so a leader renews while it only holds and a standby takes over promptly.
   */
  async leading(): Promise<boolean> {
    return this.elector ? this.elector.ensure() : true;
  }

  /** True while we may act: leader election off, or our last renewal within the renew deadline. Makes no call. */
  isLeading(): boolean {
    return !this.elector || this.elector.isLeader();
  }

  /** Throws NotLeaderError (and steps down) unless our last renewal is within the renew deadline. Makes no call. */
  assertLeader(): void {
    if (!this.elector || this.elector.isLeader()) return;
    this.elector.stepDown();
    throw new NotLeaderError(this.identity);
  }

  /**
   * Waits `ms` as a leader: in pieces that end by the renew deadline, renewing between them, so a
   * long back-off or poll never runs past the moment our leadership could lapse; throws NotLeaderError
   * as soon as we no longer lead.
   */
  private async sleepLeading(ms: number): Promise<void> {
    if (!this.elector) return this.sleep(ms);
    const until = this.monotonic.now() + ms;
    for (;;) {
      if (!(await this.leading())) throw new NotLeaderError(this.identity);
      const left = until - this.monotonic.now();
      if (left <= 0) return;
      await this.sleep(Math.max(1, Math.min(left, this.elector.leaderForMs(), this.config.leaderElection.retryPeriod)));
    }
  }

  /**
   * The resize readiness gate between plans: pods that appeared without one (eviction, a rollout such
   * as the restart fallback's) would otherwise never be let into their Service. Only the leader
   * writes, never while a plan runs (its actions set the gate themselves), never in a dry run. A
   * failure is logged: reading the cluster must not fail because of it.
   */
  private async reconcileGates(targets: TargetReading[]): Promise<void> {
    if (!this.config.resizeReadinessGate || this.config.dryRun || this.progress.busy) return;
    const ctx = {
      api: this.api,
      config: this.config,
      clock: this.clock,
      logger: this.logger,
      refusals: this.refusals,
      retry: <T>(what: string, op: (attempt: number) => Promise<T>) => this.retry(what, op, (ms) => this.sleepLeading(ms)),
    };
    const open = targets
      .map((t) => ({ ...t, gate: ResizeGate.of(ctx, t.deployment.metadata?.name ?? '') }))
      .filter((t) => t.gate && t.pods.some((p) => !p.metadata?.deletionTimestamp && !t.gate!.passed(p)));
    if (open.length === 0) return;
    try {
      if (!(await this.leading())) return;
      for (const t of open) await t.gate!.reconcile(t.deployment, t.pods);
    } catch (err) {
      this.logger.warn('readiness gate not reconciled', { gate: this.config.resizeReadinessGate, error: describeFailure(err).message });
    }
  }

  /** Retries `op` by the policy; a plan's retries wait with `sleep` = sleepLeading. */
  private retry<T>(what: string, op: (attempt: number) => Promise<T>, sleep: (ms: number) => Promise<void> = this.sleep): Promise<T> {
    return withRetry(op, {
      policy: this.config.retry,
      sleep,
      random: this.random,
      onRetry: (failure, attempt, delayMs) =>
        this.logger.warn(`retrying ${what}`, { code: failure.code, reason: failure.reason, error: failure.message, attempt, delayMs }),
    });
  }

  private async run(plan: ActionPlan, planId: number): Promise<void> {
    const replaced = () => {
      if (this.replacing === planId) throw new PlanReplaced(`plan ${planId} replaced by a newer one`);
    };
    const ctx: ActionContext = {
      api: this.api,
      config: this.config,
      clock: this.clock,
      // Renew the lease on every wait, so a long await-ready or resize never outlives our leadership;
      // a wait ends there when a newer plan replaces this one.
      sleep: async (ms) => {
        await this.sleepLeading(ms);
        replaced();
      },
      logger: this.logger,
      events: this.events,
      dryRun: this.config.dryRun,
      reason: plan.reason,
      retry: (what, op) => this.retry(what, op, (ms) => this.sleepLeading(ms)),
      assertLeader: () => this.assertLeader(),
      refusals: this.refusals,
    };
    let lastError: string | undefined;
    // No deadline around a whole step: it cannot be cancelled, so a step timed out here would go on
    // writing while the next plan runs. Instead every wait inside one is bounded: API calls by
    // requestTimeout (retries by the retry policy), pod waits by awaitReady.timeoutMs and
    // resize.timeoutMs, admin POSTs (postJson) by their total deadline, lease renewals by requestTimeout.
    for (const [step, action] of plan.actions.entries()) {
      const waitingForReady = action.type === 'await-ready' && !this.config.dryRun;
      this.progress = { busy: true, step, planId, ...(waitingForReady ? { waitingForReady } : {}) };
      try {
        replaced();
        // Renew before every step: a replica that lost the lease mid-plan must stop acting.
        if (!(await this.leading())) throw new NotLeaderError(this.identity);
        this.logger.info('carrying out action', { step, action: action.type, dryRun: this.config.dryRun });
        await executeAction(ctx, action);
      } catch (err) {
        if (err instanceof PlanReplaced) {
          this.logger.info('plan replaced while it waited for pods', { step, reason: plan.reason });
          break;
        }
        lastError = `step ${step} (${action.type}): ${describeFailure(err).message}`;
        this.logger.error('plan stopped', { step, action: action.type, error: lastError });
        if (action.type !== 'route' && 'name' in action) {
          await this.events.record({ kind: 'Deployment', apiVersion: 'apps/v1', name: action.name }, 'Warning', EventReason.failed, lastError);
        }
        break;
      }
    }
    this.progress = { busy: false, ...(lastError ? { lastError } : {}) };
  }
}
