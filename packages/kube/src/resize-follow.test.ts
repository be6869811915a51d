import type { V1Pod } from '@kubernetes/client-node';
import { followResize, podResizeState } from './resize-follow';

function pod(over: {
  generation?: number;
  observed?: number;
  cpu?: string;
  conditions?: { type: string; reason?: string; message?: string; observedGeneration?: number }[];
}): V1Pod {
  const cpu = over.cpu ?? '4';
  return {
    metadata: { name: 'p', generation: over.generation ?? 2 },
    status: {
      observedGeneration: over.observed ?? 2,
      conditions: (over.conditions ?? []).map((c) => ({ status: 'True', ...c })),
      containerStatuses: [{ name: 'server', image: 'i', imageID: '', ready: true, restartCount: 0, resources: { requests: { cpu }, limits: { cpu } } }],
    },
  };
}

describe('podResizeState', () => {
  it.each([
    ['done when status resources equal the spec', pod({}), 'done'],
    ['done with an equivalent quantity', pod({ cpu: '4000m' }), 'done'],
    ['in progress while status lags', pod({ cpu: '2' }), 'in-progress'],
    ['in progress while the condition is set', pod({ conditions: [{ type: 'PodResizeInProgress' }] }), 'in-progress'],
    [
      'an error when the kubelet failed to actuate it',
      pod({ cpu: '2', conditions: [{ type: 'PodResizeInProgress', reason: 'Error', message: 'cgroup write failed' }] }),
      'error',
    ],
    [
      'an Error about an older generation does not count',
      pod({ generation: 3, observed: 3, cpu: '2', conditions: [{ type: 'PodResizeInProgress', reason: 'Error', observedGeneration: 2 }] }),
      'in-progress',
    ],
    ['deferred', pod({ cpu: '2', conditions: [{ type: 'PodResizePending', reason: 'Deferred' }] }), 'deferred'],
    ['infeasible', pod({ cpu: '2', conditions: [{ type: 'PodResizePending', reason: 'Infeasible' }] }), 'infeasible'],
    ['not observed before the kubelet saw the new generation', pod({ generation: 3, observed: 2 }), 'not-observed'],
    [
      'a Pending condition about an older generation does not count',
      pod({ generation: 3, observed: 2, conditions: [{ type: 'PodResizePending', reason: 'Infeasible', observedGeneration: 2 }] }),
      'not-observed',
    ],
  ])('%s', (_, p, state) => {
    expect(podResizeState(p, 'server', 4).state).toBe(state);
  });
});

describe('followResize', () => {
  const limits = { deferredTimeoutMs: 30_000, timeoutMs: 100_000 };
  const start = { startedMs: 0, deferredSinceMs: {} };

  it('is done only when every pod is done', () => {
    expect(followResize({ a: { state: 'done' }, b: { state: 'in-progress' } }, start, 10, limits).verdict.kind).toBe('wait');
    expect(followResize({ a: { state: 'done' }, b: { state: 'done' } }, start, 10, limits).verdict.kind).toBe('done');
  });

  it('reports Infeasible at once with the kubelet message', () => {
    const { verdict } = followResize({ a: { state: 'done' }, b: { state: 'infeasible', message: 'too big' } }, start, 1, limits);
    expect(verdict).toEqual({ kind: 'infeasible', pods: ['b'], message: 'too big' });
  });

  it('reports a kubelet Error at once with its message, instead of waiting out the timeout', () => {
    const pods = {
      a: podResizeState(pod({ cpu: '2', conditions: [{ type: 'PodResizeInProgress', reason: 'Error', message: 'cgroup write failed' }] }), 'server', 4),
    };
    expect(followResize(pods, start, 1, limits).verdict).toEqual({ kind: 'error', pods: ['a'], message: 'cgroup write failed' });
  });

  it('counts Deferred time from when it was first seen, per pod, and forgets it when the pod moves on', () => {
    let step = followResize({ a: { state: 'deferred' } }, start, 50_000, limits);
    expect(step.verdict.kind).toBe('wait');
    expect(step.progress.deferredSinceMs).toEqual({ a: 50_000 });
    step = followResize({ a: { state: 'deferred', message: 'full' } }, step.progress, 80_000, limits);
    expect(step.verdict).toEqual({ kind: 'deferred-too-long', pods: ['a'], message: 'full' });
    const moved = followResize({ a: { state: 'in-progress' } }, { startedMs: 0, deferredSinceMs: { a: 0 } }, 40_000, limits);
    expect(moved.progress.deferredSinceMs).toEqual({});
    expect(moved.verdict.kind).toBe('wait');
  });

  it('times out an unfinished resize', () => {
    expect(followResize({ a: { state: 'in-progress' } }, start, 100_000, limits).verdict).toEqual({ kind: 'timeout', pods: ['a'] });
  });
});
