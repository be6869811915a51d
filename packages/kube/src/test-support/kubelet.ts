import type { Clock } from '@infscale/core';
import { Resources } from './resources';
import { rfc3339, type ObjectStore, type StoredObject } from './store';
import { cpuMilli } from './validation';

export interface FakeNode {
  name: string;
  /** Allocatable CPU in cores. */
  cpu: number;
}

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- stored JSON

const RESIZE_CONDITIONS = ['PodResizePending', 'PodResizeInProgress'];

function podCpu(pod: StoredObject, source: 'spec' | 'allocated'): number {
  const spec = (pod.spec as Obj).containers as Obj[];
  const statuses = ((pod.status as Obj | undefined)?.containerStatuses ?? []) as Obj[];
  return spec.reduce((sum, c) => {
    const alloc = statuses.find((s) => s.name === c.name)?.allocatedResources?.cpu;
    const want = cpuMilli(c.resources?.requests?.cpu ?? '0');
    return sum + (source === 'allocated' && alloc !== undefined ? Math.max(want, cpuMilli(alloc)) : want);
  }, 0);
}

function resourcesOf(c: Obj): Obj {
  return structuredClone({ requests: c.resources?.requests ?? {}, limits: c.resources?.limits ?? {} });
}

/**
 * The scheduler and the kubelets of the fake cluster: places pods on nodes by CPU request (first fit),
 * makes them ready `readyDelayMs` after they start, and carries out in-place resizes the way the
 * kubelet reports them: Infeasible when the pod would not fit the node at all, Deferred while other
 * pods hold the CPU, InProgress for `resizeDelayMs`, then status.containerStatuses[].resources = spec.
 */
export class FakeKubelet {
  private readonly readyAt = new Map<string, number>();
  private readonly resizeDoneAt = new Map<string, { target: string; at: number }>();

  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock,
    readonly nodes: FakeNode[],
    readonly timing: { readyDelayMs: number; resizeDelayMs: number },
  ) {}

  reconcile(namespace: string): void {
    const pods = this.store.list('pods', namespace);
    for (const pod of pods) {
      const before = JSON.stringify(pod);
      if (!(pod.spec as Obj).nodeName) this.schedule(pod, pods);
      if ((pod.spec as Obj).nodeName) {
        this.resize(pod, pods);
        this.readiness(pod);
      }
      (pod.status as Obj).observedGeneration = pod.metadata.generation;
      if (JSON.stringify(pod) !== before) {
        const saved = this.store.update(Resources.pods, pod, true);
        pods.splice(pods.findIndex((p) => p.metadata.name === pod.metadata.name), 1, saved);
      }
    }
  }

  private used(node: string, pods: StoredObject[], except: string): number {
    return pods
      .filter((p) => (p.spec as Obj).nodeName === node && p.metadata.name !== except)
      .reduce((sum, p) => sum + podCpu(p, 'allocated'), 0);
  }

  private schedule(pod: StoredObject, pods: StoredObject[]): void {
    const need = podCpu(pod, 'spec');
    const node = this.nodes.find((n) => n.cpu * 1000 - this.used(n.name, pods, pod.metadata.name) >= need);
    const status = (pod.status ??= {}) as Obj;
    // Conditions others wrote (a readiness gate's) stay: the scheduler owns only PodScheduled.
    const others = ((status.conditions ?? []) as Obj[]).filter((c) => c.type !== 'PodScheduled');
    if (!node) {
      status.phase = 'Pending';
      status.conditions = [...others, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: `0/${this.nodes.length} nodes are available: Insufficient cpu.` }];
      return;
    }
    (pod.spec as Obj).nodeName = node.name;
    const now = rfc3339(this.clock.now());
    status.phase = 'Running';
    status.startTime = now;
    status.qosClass = 'Guaranteed';
    status.conditions = [...others, { type: 'PodScheduled', status: 'True', lastTransitionTime: now }];
    status.containerStatuses = ((pod.spec as Obj).containers as Obj[]).map((c) => ({
      name: c.name,
      image: c.image,
      imageID: '',
      ready: false,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: now } },
      allocatedResources: structuredClone(c.resources?.requests ?? {}),
      resources: resourcesOf(c),
    }));
    this.readyAt.set(pod.metadata.uid!, this.clock.now() + this.timing.readyDelayMs);
  }

  /**
   * ContainersReady from the containers; Ready also needs every spec.readinessGates condition True,
   * with the kubelet's reason and message when one is missing or not True.
   */
  private readiness(pod: StoredObject): void {
    const containersReady = this.clock.now() >= (this.readyAt.get(pod.metadata.uid!) ?? Infinity);
    const status = pod.status as Obj;
    for (const cs of status.containerStatuses as Obj[]) cs.ready = containersReady;
    const conditions = (status.conditions as Obj[]).filter((c) => c.type !== 'Ready' && c.type !== 'ContainersReady');
    const gates = (((pod.spec as Obj).readinessGates ?? []) as Obj[]).map((g) => g.conditionType as string);
    const unmet = gates
      .map((type) => ({ type, condition: conditions.find((c) => c.type === type) }))
      .filter((g) => g.condition?.status !== 'True')
      .map((g) => (g.condition ? `the status of pod readiness gate "${g.type}" is not "True", but ${String(g.condition.status)}` : `corresponding condition of pod readiness gate "${g.type}" does not exist.`));
    const ready = containersReady && unmet.length === 0;
    const since = (type: string, value: string) => {
      const previous = (status.conditions as Obj[]).find((c) => c.type === type);
      return previous?.status === value ? previous.lastTransitionTime : rfc3339(this.clock.now());
    };
    const value = (b: boolean) => (b ? 'True' : 'False');
    conditions.push(
      { type: 'ContainersReady', status: value(containersReady), lastTransitionTime: since('ContainersReady', value(containersReady)) },
      {
        type: 'Ready',
        status: value(ready),
        lastTransitionTime: since('Ready', value(ready)),
        ...(containersReady && !ready ? { reason: 'ReadinessGatesNotReady', message: unmet.join(', ') } : {}),
      },
    );
    status.conditions = conditions;
  }

  private setResizeCondition(pod: StoredObject, condition?: Obj): void {
    const status = pod.status as Obj;
    const others = (status.conditions as Obj[]).filter((c) => !RESIZE_CONDITIONS.includes(c.type));
    const previous = (status.conditions as Obj[]).find((c) => c.type === condition?.type && c.reason === condition?.reason);
    if (condition) {
      others.push({ ...condition, status: 'True', observedGeneration: pod.metadata.generation, lastProbeTime: null, lastTransitionTime: previous?.lastTransitionTime ?? rfc3339(this.clock.now()) });
    }
    status.conditions = others;
  }

  private resize(pod: StoredObject, pods: StoredObject[]): void {
    const containers = (pod.spec as Obj).containers as Obj[];
    const statuses = (pod.status as Obj).containerStatuses as Obj[];
    const target = JSON.stringify(containers.map(resourcesOf));
    const actual = JSON.stringify(containers.map((c) => statuses.find((s) => s.name === c.name)?.resources));
    const uid = pod.metadata.uid!;
    if (target === actual) {
      this.resizeDoneAt.delete(uid);
      return this.setResizeCondition(pod);
    }
    const node = this.nodes.find((n) => n.name === (pod.spec as Obj).nodeName)!;
    const need = podCpu(pod, 'spec');
    const capacity = node.cpu * 1000;
    const used = this.used(node.name, pods, pod.metadata.name);
    const running = this.resizeDoneAt.get(uid);
    if (!running || running.target !== target) {
      if (need > capacity) {
        return this.setResizeCondition(pod, { type: 'PodResizePending', reason: 'Infeasible', message: `Node didn't have enough capacity: cpu, requested: ${need}, capacity: ${capacity}` });
      }
      if (need > capacity - used) {
        return this.setResizeCondition(pod, { type: 'PodResizePending', reason: 'Deferred', message: `Node didn't have enough resource: cpu, requested: ${need}, used: ${used}, capacity: ${capacity}` });
      }
      this.resizeDoneAt.set(uid, { target, at: this.clock.now() + this.timing.resizeDelayMs });
      for (const c of containers) {
        const s = statuses.find((x) => x.name === c.name);
        if (s) s.allocatedResources = structuredClone(c.resources?.requests ?? {});
      }
    }
    if (this.clock.now() < this.resizeDoneAt.get(uid)!.at) return this.setResizeCondition(pod, { type: 'PodResizeInProgress' });
    for (const c of containers) {
      const s = statuses.find((x) => x.name === c.name);
      if (s) s.resources = resourcesOf(c);
    }
    this.resizeDoneAt.delete(uid);
    this.setResizeCondition(pod);
  }
}
