import type { DeploymentSpec, DeploymentStatus } from '@infscale/core';
import { PodServiceTimes, type ServiceDistribution, type ServiceModel } from '../serving/service-model';
import { SimDeployment } from './deployment';
import { Pod } from './pod';

export interface SimNode {
  name: string;
  capacityCores: number;
  usedCores: number;
}

/** What the cluster needs from the engine: time, timers and notices about pods. */
export interface ClusterHooks {
  now(): number;
  after(delayMs: number, fn: () => void): void;
  /** The set of ready pods of a stage changed. */
  readySetChanged(stageIndex: number): void;
  /** A pod has a free worker and an empty queue (just ready, or resized). */
  podIdle(pod: Pod): void;
  /** Anything an awaiting plan might be waiting for changed. */
  changed(): void;
  /** A terminating pod's grace period ran out while it still held requests. */
  graceExpired(pod: Pod): void;
}

export interface ClusterSettings {
  /** Model load time per variant (ms); the pod is ready this long after it is bound to a node. */
  loadTimeMs: (variant: string) => number;
  /** How long an in-place resize takes once the node has the cores. */
  resizeDelayMs: number;
  /** Most requests a pod's own queue may hold at its cores (none when absent). */
  queueLimit?: (variant: string, cores: number) => number;
  /** How long a terminating pod may drain (unbounded when absent). */
  terminationGraceMs?: number;
}

/**
 * Nodes, deployments and the pod lifecycle. First-fit scheduling; a pod that fits nowhere stays
 * pending and is retried whenever cores are released, as are deferred in-place resizes.
 */
export class SimCluster {
  readonly nodes: SimNode[];
  readonly deployments = new Map<string, SimDeployment>();
  private readonly pending: Pod[] = [];
  private readonly deferred: Pod[] = [];
  private nextPodId = 0;
  /** Integral of cores held on nodes (ms·cores): the cost. */
  private reservedCores = 0;
  private reservedCoreMs = 0;
  private lastMs = 0;

  constructor(
    nodes: readonly { name?: string; cores: number }[],
    private readonly stageIndex: (stage: string) => number,
    private readonly model: ServiceModel,
    private readonly distribution: ServiceDistribution,
    private readonly timing: ClusterSettings,
    private readonly hooks: ClusterHooks,
  ) {
    if (nodes.length === 0) throw new Error('the cluster needs at least one node');
    this.nodes = nodes.map((n, i) => ({ name: n.name ?? `node-${i}`, capacityCores: n.cores, usedCores: 0 }));
  }

  coreMs(nowMs: number): number {
    this.integrate(nowMs);
    return this.reservedCoreMs;
  }

  get heldCores(): number {
    return this.reservedCores;
  }

  /** Creates a deployment; with `warm` its pods start ready (the state a run begins in). */
  create(spec: DeploymentSpec, warm = false): SimDeployment {
    if (this.deployments.has(spec.name)) throw new Error(`deployment ${spec.name} exists already`);
    const dep = new SimDeployment(spec.name, spec.variant, spec.stage, this.stageIndex(spec.stage), spec, this.hooks.now());
    this.deployments.set(spec.name, dep);
    for (let i = 0; i < spec.replicas; i++) this.addPod(dep, dep.cores, warm);
    return dep;
  }

  /** Sets the replica count: new pods pending, or the newest pods (not-ready first) terminated. */
  scale(dep: SimDeployment, replicas: number): void {
    dep.replicas = replicas;
    const live = dep.livePods();
    for (let i = live.length; i < replicas; i++) this.addPod(dep, dep.cores, false);
    if (live.length > replicas) {
      const order = [...live].sort((a, b) => rank(a) - rank(b) || b.createdMs - a.createdMs || b.id - a.id);
      for (const pod of order.slice(0, live.length - replicas)) this.terminate(pod);
    }
  }

  delete(dep: SimDeployment): void {
    this.deployments.delete(dep.name);
    for (const pod of dep.livePods()) this.terminate(pod);
  }

  addPod(dep: SimDeployment, cores: number, warm: boolean): Pod {
    const pod = new Pod(this.nextPodId++, dep, cores, this.hooks.now(), new PodServiceTimes(this.model, this.distribution));
    dep.pods.push(pod);
    if (!this.bind(pod)) {
      this.pending.push(pod);
      return pod;
    }
    if (warm) this.makeReady(pod);
    else this.startLoading(pod);
    return pod;
  }

  /** Stops sending to the pod; it finishes what it holds, then releases its cores. */
  terminate(pod: Pod): void {
    if (pod.phase === 'pending' || pod.phase === 'loading') {
      this.remove(pod);
      return;
    }
    if (pod.phase !== 'ready') return;
    pod.phase = 'terminating';
    this.hooks.readySetChanged(pod.dep.stageIndex);
    this.finishIfDrained(pod);
    const grace = this.timing.terminationGraceMs;
    if (grace !== undefined && pod.phase === 'terminating') {
      this.hooks.after(grace, () => {
        if (pod.phase === 'terminating') this.hooks.graceExpired(pod);
      });
    }
    this.hooks.changed();
  }

  /** Called by the engine after a terminating pod completes a batch. */
  finishIfDrained(pod: Pod): void {
    if (pod.phase === 'terminating' && pod.busy === 0 && pod.queue.length === 0) this.remove(pod);
  }

  /** In-place resize: feasible now, deferred until the node frees cores, or infeasible on this node. */
  resizeInPlace(pod: Pod, cores: number): void {
    if (!pod.live) return;
    if (pod.node < 0) {
      pod.reservedCores = cores;
      pod.actualCores = cores;
      return;
    }
    if (cores === pod.specCores && pod.resize?.state !== 'infeasible') return;
    const node = this.nodes[pod.node];
    const extra = cores - pod.reservedCores;
    if (cores > node.capacityCores) {
      pod.resize = { targetCores: cores, state: 'infeasible', sinceMs: this.hooks.now() };
    } else if (extra > node.capacityCores - node.usedCores + 1e-9) {
      pod.resize = { targetCores: cores, state: 'deferred', sinceMs: this.hooks.now() };
      if (!this.deferred.includes(pod)) this.deferred.push(pod);
    } else {
      this.startResize(pod, cores);
    }
    this.hooks.changed();
  }

  status(dep: SimDeployment): DeploymentStatus {
    const live = dep.livePods();
    const ready = live.filter((p) => p.phase === 'ready');
    const states = live.map((p) => p.resize?.state);
    const resize = states.includes('infeasible')
      ? 'infeasible'
      : states.includes('deferred')
        ? 'deferred'
        : states.includes('in-progress')
          ? 'in-progress'
          : undefined;
    const actual = ready.length > 0 ? Math.min(...ready.map((p) => p.actualCores)) : dep.cores;
    return {
      name: dep.name,
      variant: dep.variant,
      stage: dep.stage,
      replicas: dep.replicas,
      cores: dep.cores,
      batch: dep.batch,
      readyReplicas: ready.length,
      actualCores: actual,
      ...(resize ? { resize } : {}),
    };
  }

  /** Every live pod ready with the spec's cores, no resize open, and as many as the spec says. */
  settled(dep: SimDeployment): boolean {
    const live = dep.livePods();
    return live.length === dep.replicas && live.every((p) => p.phase === 'ready' && !p.resize && p.actualCores === dep.cores);
  }

  /** Re-derives the pods' service times after a batch change (applies to the next batch). */
  reconfigure(pod: Pod): void {
    if (pod.phase !== 'ready' && pod.phase !== 'terminating') return;
    const dep = pod.dep;
    // The busy workers now use the new cores per worker; what they were counted at is the old value
    // (actualCores has already changed when a resize lands, so it cannot tell the old value).
    const before = pod.coresPerWorker;
    this.configure(pod);
    dep.addBusyCores(this.hooks.now(), pod.busy * (pod.coresPerWorker - before));
  }

  /** Service times, workers and queue bound for the pod's variant, batch and cores now. */
  private configure(pod: Pod): void {
    pod.workers = pod.times.configure(pod.dep.variant, pod.dep.batch, pod.actualCores);
    pod.coresPerWorker = pod.actualCores / pod.workers;
    pod.queueLimit = this.timing.queueLimit?.(pod.dep.variant, pod.actualCores) ?? Infinity;
  }

  private startResize(pod: Pod, cores: number): void {
    const node = this.nodes[pod.node];
    const extra = Math.max(0, cores - pod.reservedCores);
    node.usedCores += extra;
    this.addReserved(extra);
    pod.reservedCores += extra;
    pod.resize = { targetCores: cores, state: 'in-progress', sinceMs: this.hooks.now() };
    this.hooks.after(this.timing.resizeDelayMs, () => {
      if (pod.resize?.state !== 'in-progress' || pod.resize.targetCores !== cores || pod.phase === 'gone') return;
      const freed = pod.reservedCores - cores;
      pod.resize = undefined;
      pod.actualCores = cores;
      pod.reservedCores = cores;
      if (freed > 0) this.release(node, freed);
      if (pod.phase === 'ready' || pod.phase === 'terminating') {
        this.reconfigure(pod);
        this.hooks.readySetChanged(pod.dep.stageIndex);
        if (pod.phase === 'ready' && pod.freeWorkers > 0) this.hooks.podIdle(pod);
      }
      this.hooks.changed();
    });
  }

  private bind(pod: Pod): boolean {
    const node = this.nodes.findIndex((n) => n.capacityCores - n.usedCores + 1e-9 >= pod.reservedCores);
    if (node < 0) return false;
    pod.node = node;
    this.nodes[node].usedCores += pod.reservedCores;
    this.addReserved(pod.reservedCores);
    return true;
  }

  private startLoading(pod: Pod): void {
    pod.phase = 'loading';
    this.hooks.after(this.timing.loadTimeMs(pod.dep.variant), () => {
      if (pod.phase === 'loading') this.makeReady(pod);
    });
  }

  private makeReady(pod: Pod): void {
    pod.phase = 'ready';
    pod.readyMs = this.hooks.now();
    this.configure(pod);
    pod.dep.addRunningPods(this.hooks.now(), 1);
    this.hooks.readySetChanged(pod.dep.stageIndex);
    this.hooks.podIdle(pod);
    this.hooks.changed();
  }

  private remove(pod: Pod): void {
    const wasRunning = pod.phase === 'ready' || pod.phase === 'terminating';
    pod.phase = 'gone';
    if (wasRunning) pod.dep.addRunningPods(this.hooks.now(), -1);
    const i = pod.dep.pods.indexOf(pod);
    if (i >= 0) pod.dep.pods.splice(i, 1);
    const p = this.pending.indexOf(pod);
    if (p >= 0) this.pending.splice(p, 1);
    pod.resize = undefined;
    if (pod.node >= 0) this.release(this.nodes[pod.node], pod.reservedCores);
    this.hooks.changed();
  }

  private release(node: SimNode, cores: number): void {
    node.usedCores -= cores;
    this.addReserved(-cores);
    // Freed cores: first the deferred resizes (the kubelet retries them), then pending pods.
    for (const pod of [...this.deferred]) {
      if (pod.resize?.state !== 'deferred' || pod.phase === 'gone') {
        this.deferred.splice(this.deferred.indexOf(pod), 1);
        continue;
      }
      const n = this.nodes[pod.node];
      if (pod.resize.targetCores - pod.reservedCores <= n.capacityCores - n.usedCores + 1e-9) {
        this.deferred.splice(this.deferred.indexOf(pod), 1);
        this.startResize(pod, pod.resize.targetCores);
      }
    }
    for (const pod of [...this.pending]) {
      if (this.bind(pod)) {
        this.pending.splice(this.pending.indexOf(pod), 1);
        this.startLoading(pod);
      }
    }
  }

  private addReserved(delta: number): void {
    this.integrate(this.hooks.now());
    this.reservedCores += delta;
  }

  private integrate(nowMs: number): void {
    if (nowMs > this.lastMs) {
      this.reservedCoreMs += this.reservedCores * (nowMs - this.lastMs);
      this.lastMs = nowMs;
    }
  }
}

/** Which pods go first when scaling down: not yet ready before ready (as the ReplicaSet controller). */
function rank(pod: Pod): number {
  return pod.phase === 'pending' ? 0 : pod.phase === 'loading' ? 1 : 2;
}
