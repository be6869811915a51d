import type { V1Container, V1Pod, V1PodCondition } from '@kubernetes/client-node';
import { TIMING_ANNOTATIONS } from './conventions';
import { addAmounts, milli, parseAmounts, type Amounts } from './quantity';

/**
 * What a kubelet does to one pod, as a pure function of the pod, its node and the time: starts it,
 * makes it Ready (readiness gates honoured), carries out in-place resizes with the conditions a
 * 1.35+ kubelet reports, and removes it once it is terminating. No I/O: the stand-in's driver
 * writes the result.
 */

export interface PodTiming {
  /** From container start to ContainersReady (a model server loading its model). */
  readyDelayMs: number;
  /** From an accepted resize to the new resources in status (PodResizeInProgress meanwhile). */
  resizeDelayMs: number;
  /** From the deletion request to the pod's removal, capped by its grace period. */
  stopDelayMs: number;
}

export function podTiming(pod: V1Pod, defaults: PodTiming): PodTiming {
  const annotations = pod.metadata?.annotations ?? {};
  const timing = { ...defaults };
  for (const key of Object.keys(TIMING_ANNOTATIONS) as (keyof PodTiming)[]) {
    const value = annotations[TIMING_ANNOTATIONS[key]];
    if (value !== undefined && /^\d+$/.test(value)) timing[key] = Number(value);
  }
  return timing;
}

export interface ResourcesJson {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}

/** What the stand-in remembers of a pod between syncs: millisecond times the API's second-precision status cannot hold. */
export interface PodMemory {
  startedAt: number;
  /** The resources the kubelet admitted, per container: the spec as of the last accepted resize. */
  allocated: Record<string, ResourcesJson>;
  /** When the resize now being actuated was accepted. */
  resizeSince?: number;
  terminatingSince?: number;
}

/** The node's side of a pod's sync: what it can ever hold and what the other pods on it hold now. */
export interface NodeRoom {
  allocatable: Amounts;
  othersAllocated: Amounts;
}

export interface SyncInput {
  pod: V1Pod;
  memory: PodMemory | undefined;
  now: number;
  timing: PodTiming;
  room: NodeRoom;
  /** The address the pod gets if it has none yet. */
  podIp: string;
  hostIp: string;
}

interface ConditionJson {
  type: string;
  status: string;
  lastProbeTime: null;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

/** The pod status the stand-in writes, as plain JSON (times as RFC 3339 strings). */
export interface PodStatusJson {
  phase: string;
  conditions: ConditionJson[];
  hostIP: string;
  hostIPs: { ip: string }[];
  podIP: string;
  podIPs: { ip: string }[];
  startTime: string;
  qosClass?: string;
  observedGeneration?: number;
  containerStatuses: Record<string, unknown>[];
  initContainerStatuses?: Record<string, unknown>[];
}

export type PodAction = { kind: 'none' } | { kind: 'write-status'; status: PodStatusJson } | { kind: 'delete' };

export interface SyncResult {
  action: PodAction;
  memory: PodMemory;
  /** The next time this pod changes on its own (ready, resize done, removal), if any. */
  wakeAt?: number;
}

/** Conditions the kubelet owns; every other condition (PodScheduled, readiness gates) is kept as found. */
const KUBELET_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready', 'PodResizePending', 'PodResizeInProgress'];

function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A time read from a pod: a Date from client-node's typed calls, a string from a watch event. */
function timeOf(value: Date | string | undefined | null): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

function plainCondition(c: V1PodCondition): ConditionJson {
  const since = timeOf(c.lastTransitionTime);
  return {
    type: c.type,
    status: c.status,
    lastProbeTime: null,
    lastTransitionTime: since === undefined ? iso(0) : iso(since),
    ...(c.reason ? { reason: c.reason } : {}),
    ...(c.message ? { message: c.message } : {}),
    ...(c.observedGeneration !== undefined ? { observedGeneration: c.observedGeneration } : {}),
  };
}

function resourcesOf(c: V1Container): ResourcesJson {
  return { requests: { ...(c.resources?.requests ?? {}) }, limits: { ...(c.resources?.limits ?? {}) } };
}

function sameAmounts(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const x = parseAmounts(a);
  const y = parseAmounts(b);
  const names = new Set([...Object.keys(x), ...Object.keys(y)]);
  return [...names].every((n) => milli(x[n] ?? 0) === milli(y[n] ?? 0));
}

function sameResources(a: ResourcesJson | undefined, b: ResourcesJson | undefined): boolean {
  return sameAmounts(a?.requests, b?.requests) && sameAmounts(a?.limits, b?.limits);
}

function sameAllocation(containers: V1Container[], a: Record<string, ResourcesJson>, b: Record<string, ResourcesJson>): boolean {
  return containers.every((c) => sameResources(a[c.name], b[c.name]));
}

/** The pod's total requests under an allocation (what the kubelet checks against the node). */
export function allocationRequests(allocation: Record<string, ResourcesJson>): Amounts {
  return Object.values(allocation).reduce<Amounts>((sum, r) => addAmounts(sum, parseAmounts(r.requests)), {});
}

/** Per container, what the spec asks for now. */
function desiredAllocation(pod: V1Pod): Record<string, ResourcesJson> {
  return Object.fromEntries((pod.spec?.containers ?? []).map((c) => [c.name, resourcesOf(c)]));
}

/** Rebuilds the memory of a pod the stand-in started before it restarted, from what the status says. */
function recoverMemory(pod: V1Pod): PodMemory | undefined {
  const statuses = pod.status?.containerStatuses;
  const started = timeOf(pod.status?.startTime);
  if (!statuses?.length || started === undefined) return undefined;
  const allocated: Record<string, ResourcesJson> = {};
  for (const s of statuses) {
    allocated[s.name] = { requests: { ...(s.allocatedResources ?? {}) }, limits: { ...(s.resources?.limits ?? {}) } };
  }
  const inProgress = pod.status?.conditions?.find((c) => c.type === 'PodResizeInProgress');
  return { startedAt: started, allocated, ...(inProgress ? { resizeSince: timeOf(inProgress.lastTransitionTime) } : {}) };
}

/** Names the resource the pod needs more of than `available`, the way the kubelet orders them (memory first). */
function shortfall(need: Amounts, available: Amounts): string | undefined {
  return ['memory', 'cpu'].find((r) => available[r] !== undefined && need[r] !== undefined && milli(need[r]!) > milli(available[r]!));
}

/** The kubelet's amounts in messages: millicores for cpu, bytes for memory. */
function amountInMessage(resource: string, value: number): number {
  return resource === 'cpu' ? milli(value) : Math.round(value);
}

interface ResizeVerdict {
  pending?: { reason: 'Infeasible' | 'Deferred'; message: string };
  accepted: boolean;
}

/**
 * The kubelet's resize admission (1.35): Infeasible when the pod would not fit the node even if it
 * were alone on it, Deferred when it does not fit beside what the other pods hold now (retried on
 * every sync, so it goes through once room frees), otherwise accepted.
 */
export function resizeVerdict(need: Amounts, room: NodeRoom): ResizeVerdict {
  const infeasible = shortfall(need, room.allocatable);
  if (infeasible) {
    const message = `Node didn't have enough capacity: ${infeasible}, requested: ${amountInMessage(infeasible, need[infeasible]!)}, capacity: ${amountInMessage(infeasible, room.allocatable[infeasible]!)}`;
    return { accepted: false, pending: { reason: 'Infeasible', message } };
  }
  const free: Amounts = Object.fromEntries(Object.entries(room.allocatable).map(([r, v]) => [r, v - (room.othersAllocated[r] ?? 0)]));
  const deferred = shortfall(need, free);
  if (deferred) {
    const message = `Node didn't have enough resource: ${deferred}, requested: ${amountInMessage(deferred, need[deferred]!)}, used: ${amountInMessage(deferred, room.othersAllocated[deferred] ?? 0)}, capacity: ${amountInMessage(deferred, room.allocatable[deferred]!)}`;
    return { accepted: false, pending: { reason: 'Deferred', message } };
  }
  return { accepted: true };
}

/** Ready needs ContainersReady and every readiness gate's condition True; the message names the unmet gates as the kubelet does. */
function readiness(pod: V1Pod, containersReady: boolean, others: ConditionJson[]): { ready: boolean; reason?: string; message?: string } {
  if (!containersReady) {
    const names = (pod.spec?.containers ?? []).map((c) => c.name).join(' ');
    return { ready: false, reason: 'ContainersNotReady', message: `containers with unready status: [${names}]` };
  }
  const unmet = (pod.spec?.readinessGates ?? [])
    .map((g) => ({ type: g.conditionType, condition: others.find((c) => c.type === g.conditionType) }))
    .filter((g) => g.condition?.status !== 'True')
    .map((g) =>
      g.condition
        ? `the status of pod readiness gate "${g.type}" is not "True", but ${g.condition.status}`
        : `corresponding condition of pod readiness gate "${g.type}" does not exist.`,
    );
  return unmet.length === 0 ? { ready: true } : { ready: false, reason: 'ReadinessGatesNotReady', message: unmet.join(', ') };
}

function earliest(...times: (number | undefined)[]): number | undefined {
  const set = times.filter((t): t is number => t !== undefined);
  return set.length ? Math.min(...set) : undefined;
}

/** The fields a write would change: a write happens only when these differ (times alone never trigger one). */
export function statusFingerprint(status: Record<string, unknown> | undefined): string {
  const s = (status ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from either client path
  const resources = (r: ResourcesJson | undefined) => ({
    requests: Object.fromEntries(
      Object.entries(parseAmounts(r?.requests))
        .map(([k, v]) => [k, milli(v)])
        .sort(),
    ),
    limits: Object.fromEntries(
      Object.entries(parseAmounts(r?.limits))
        .map(([k, v]) => [k, milli(v)])
        .sort(),
    ),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  const containers = (list: Record<string, any>[] | undefined) =>
    (list ?? []).map((c) => ({
      name: c.name,
      ready: c.ready,
      started: c.started,
      state: Object.keys(c.state ?? {}),
      allocated: resources({ requests: c.allocatedResources }),
      resources: resources(c.resources),
    }));
  return JSON.stringify({
    phase: s.phase,
    podIP: s.podIP,
    hostIP: s.hostIP,
    observedGeneration: s.observedGeneration,
    conditions: ((s.conditions ?? []) as ConditionJson[])
      .map((c) => [c.type, c.status, c.reason ?? '', c.message ?? '', c.observedGeneration ?? null])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    containerStatuses: containers(s.containerStatuses),
    initContainerStatuses: containers(s.initContainerStatuses),
  });
}

export function syncPod(input: SyncInput): SyncResult {
  const { pod, now, timing, room } = input;
  const containers = pod.spec?.containers ?? [];
  const generation = pod.metadata?.generation;
  const memory: PodMemory = input.memory
    ? { ...input.memory, allocated: { ...input.memory.allocated } }
    : (recoverMemory(pod) ?? { startedAt: now, allocated: desiredAllocation(pod) });

  // Terminating: not ready any more, removed after the stop delay (never later than its grace period).
  let terminating = false;
  if (pod.metadata?.deletionTimestamp) {
    terminating = true;
    memory.terminatingSince ??= now;
    const graceMs = (pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000;
    const removeAt = memory.terminatingSince + Math.min(timing.stopDelayMs, graceMs);
    if (now >= removeAt) return { action: { kind: 'delete' }, memory };
  }

  // Resize: admit a new spec against the node, then actuate it after the resize delay.
  const desired = desiredAllocation(pod);
  let pending: ResizeVerdict['pending'];
  if (!terminating && !sameAllocation(containers, desired, memory.allocated)) {
    const verdict = resizeVerdict(allocationRequests(desired), room);
    if (verdict.accepted) {
      memory.allocated = desired;
      memory.resizeSince = now;
    } else {
      pending = verdict.pending;
    }
  }
  const reported = Object.fromEntries((pod.status?.containerStatuses ?? []).map((s) => [s.name, s.resources as ResourcesJson | undefined]));
  const actual: Record<string, ResourcesJson> = {};
  for (const c of containers) actual[c.name] = reported[c.name] ?? memory.allocated[c.name] ?? resourcesOf(c);
  let inProgress = !sameAllocation(containers, actual, memory.allocated);
  let resizeDoneAt: number | undefined;
  if (inProgress) {
    memory.resizeSince ??= now;
    resizeDoneAt = memory.resizeSince + timing.resizeDelayMs;
    if (now >= resizeDoneAt) {
      for (const c of containers) actual[c.name] = memory.allocated[c.name]!;
      inProgress = false;
      resizeDoneAt = undefined;
    }
  }
  if (!inProgress) delete memory.resizeSince;

  const readyAt = memory.startedAt + timing.readyDelayMs;
  const containersReady = !terminating && now >= readyAt;
  const previous = (pod.status?.conditions ?? []).map(plainCondition);
  const others = previous.filter((c) => !KUBELET_CONDITIONS.includes(c.type));
  const condition = (type: string, status: boolean, extra: Partial<ConditionJson> = {}): ConditionJson => {
    const value = status ? 'True' : 'False';
    const before = previous.find((c) => c.type === type);
    const since = before?.status === value && before.reason === extra.reason ? before.lastTransitionTime : iso(now);
    return {
      type,
      status: value,
      lastProbeTime: null,
      lastTransitionTime: since,
      ...extra,
      ...(generation !== undefined ? { observedGeneration: generation } : {}),
    };
  };
  const ready = readiness(pod, containersReady, others);
  const conditions: ConditionJson[] = [
    condition('PodReadyToStartContainers', true),
    condition('Initialized', true),
    condition('ContainersReady', containersReady, containersReady ? {} : { reason: 'ContainersNotReady', message: ready.message! }),
    condition('Ready', ready.ready, ready.ready ? {} : { reason: ready.reason!, message: ready.message! }),
    ...others,
    ...(pending ? [condition('PodResizePending', true, { reason: pending.reason, message: pending.message })] : []),
    ...(inProgress ? [condition('PodResizeInProgress', true)] : []),
  ];
  const startedAt = iso(memory.startedAt);
  const previousStatuses = pod.status?.containerStatuses ?? [];
  const status: PodStatusJson = {
    phase: 'Running',
    conditions,
    hostIP: pod.status?.hostIP ?? input.hostIp,
    hostIPs: [{ ip: pod.status?.hostIP ?? input.hostIp }],
    podIP: pod.status?.podIP ?? input.podIp,
    podIPs: [{ ip: pod.status?.podIP ?? input.podIp }],
    startTime: pod.status?.startTime ? iso(timeOf(pod.status.startTime)!) : startedAt,
    ...(pod.status?.qosClass ? { qosClass: pod.status.qosClass } : {}),
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    containerStatuses: containers.map((c) => {
      const since = timeOf(previousStatuses.find((s) => s.name === c.name)?.state?.running?.startedAt);
      return {
        name: c.name,
        image: c.image ?? '',
        imageID: `testenv://${c.image ?? ''}`,
        containerID: `testenv://${pod.metadata?.uid ?? ''}/${c.name}`,
        ready: containersReady,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: since === undefined ? startedAt : iso(since) } },
        allocatedResources: { ...(memory.allocated[c.name]?.requests ?? {}) },
        resources: actual[c.name],
      };
    }),
  };
  const initContainers = pod.spec?.initContainers ?? [];
  if (initContainers.length) {
    // Init containers have completed; sidecars (restartPolicy Always) keep running beside the others.
    status.initContainerStatuses = initContainers.map((c) => ({
      name: c.name,
      image: c.image ?? '',
      imageID: `testenv://${c.image ?? ''}`,
      containerID: `testenv://${pod.metadata?.uid ?? ''}/${c.name}`,
      ready: c.restartPolicy === 'Always' ? containersReady : false,
      started: c.restartPolicy === 'Always',
      restartCount: 0,
      state: c.restartPolicy === 'Always' ? { running: { startedAt } } : { terminated: { exitCode: 0, reason: 'Completed', startedAt, finishedAt: startedAt } },
      resources: resourcesOf(c),
    }));
  }
  const changed = statusFingerprint(status as unknown as Record<string, unknown>) !== statusFingerprint(pod.status as unknown as Record<string, unknown>);
  const stopAt = terminating ? memory.terminatingSince! + Math.min(timing.stopDelayMs, (pod.metadata?.deletionGracePeriodSeconds ?? 30) * 1000) : undefined;
  return {
    action: changed ? { kind: 'write-status', status } : { kind: 'none' },
    memory,
    wakeAt: earliest(containersReady || terminating ? undefined : readyAt, resizeDoneAt, stopAt),
  };
}
