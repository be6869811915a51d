import type { V1Pod } from '@kubernetes/client-node';
import { sameCpu } from './quantity';

/** Where one pod's in-place resize stands, read from its status as the kubelet reports it. */
export type PodResizeState = 'done' | 'in-progress' | 'deferred' | 'infeasible' | 'error' | 'not-observed';

/**
 * done: status.containerStatuses[].resources (requests and limits) equal the wanted cores, the kubelet
 * has observed the pod's current generation, and neither PodResizePending nor PodResizeInProgress is
 * set. PodResizePending's reason tells Deferred (may succeed later) from Infeasible (never on this node).
 * PodResizeInProgress with reason Error: the kubelet failed to actuate the resize (its message says
 * why); that is a failed resize to report now, not one to wait out until the timeout.
 */
export function podResizeState(pod: V1Pod, container: string, cores: number): { state: PodResizeState; message?: string } {
  const generation = pod.metadata?.generation;
  const observed = pod.status?.observedGeneration;
  const conditions = pod.status?.conditions ?? [];
  const pending = conditions.find((c) => c.type === 'PodResizePending' && c.status === 'True');
  const stale = (c: { observedGeneration?: number }) => generation !== undefined && c.observedGeneration !== undefined && c.observedGeneration < generation;
  if (pending && !stale(pending)) {
    if (pending.reason === 'Infeasible') return { state: 'infeasible', message: pending.message };
    if (pending.reason === 'Deferred') return { state: 'deferred', message: pending.message };
  }
  if (generation !== undefined && observed !== undefined && observed < generation) return { state: 'not-observed' };
  const inProgress = conditions.find((c) => c.type === 'PodResizeInProgress' && c.status === 'True');
  if (inProgress?.reason === 'Error' && !stale(inProgress)) return { state: 'error', message: inProgress.message };
  if (inProgress) return { state: 'in-progress' };
  const resources = pod.status?.containerStatuses?.find((s) => s.name === container)?.resources;
  const done = sameCpu(resources?.requests?.cpu, cores) && sameCpu(resources?.limits?.cpu, cores);
  return { state: done ? 'done' : 'in-progress' };
}

export interface ResizeLimits {
  /** A Deferred resize older than this is given up on (reported, or restarted). */
  deferredTimeoutMs: number;
  /** Any resize older than this is given up on. */
  timeoutMs: number;
}

/** What the follower remembers between polls. */
export interface ResizeProgress {
  startedMs: number;
  /** When each pod was first seen Deferred (cleared when it moves on). */
  deferredSinceMs: Record<string, number>;
}

export type ResizeVerdict =
  | { kind: 'done' }
  | { kind: 'wait' }
  | { kind: 'infeasible'; pods: string[]; message: string }
  | { kind: 'error'; pods: string[]; message: string }
  | { kind: 'deferred-too-long'; pods: string[]; message: string }
  | { kind: 'timeout'; pods: string[] };

/**
 * One step of the follow state machine over every pod of a deployment. Pure: returns the verdict and
 * the next progress. Infeasible and Error are final at once; Deferred gets `deferredTimeoutMs` from when it was
 * first seen; everything else gets `timeoutMs` from the start.
 */
export function followResize(
  pods: Record<string, { state: PodResizeState; message?: string }>,
  progress: ResizeProgress,
  nowMs: number,
  limits: ResizeLimits,
): { verdict: ResizeVerdict; progress: ResizeProgress } {
  const deferredSinceMs: Record<string, number> = {};
  for (const [name, p] of Object.entries(pods)) if (p.state === 'deferred') deferredSinceMs[name] = progress.deferredSinceMs[name] ?? nowMs;
  const next = { startedMs: progress.startedMs, deferredSinceMs };
  const entries = Object.entries(pods);
  for (const final of ['infeasible', 'error'] as const) {
    const failed = entries.filter(([, p]) => p.state === final);
    if (failed.length > 0) {
      const message = failed[0]![1].message ?? (final === 'error' ? 'the kubelet reported an error' : 'Infeasible');
      return { verdict: { kind: final, pods: failed.map(([n]) => n), message }, progress: next };
    }
  }
  const unfinished = entries.filter(([, p]) => p.state !== 'done').map(([n]) => n);
  if (unfinished.length === 0) return { verdict: { kind: 'done' }, progress: next };
  const stuck = Object.entries(deferredSinceMs).filter(([, since]) => nowMs - since >= limits.deferredTimeoutMs);
  if (stuck.length > 0) {
    return { verdict: { kind: 'deferred-too-long', pods: stuck.map(([n]) => n), message: pods[stuck[0]![0]]?.message ?? 'Deferred' }, progress: next };
  }
  if (nowMs - progress.startedMs >= limits.timeoutMs) return { verdict: { kind: 'timeout', pods: unfinished }, progress: next };
  return { verdict: { kind: 'wait' }, progress: next };
}
