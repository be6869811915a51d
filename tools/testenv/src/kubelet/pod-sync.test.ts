import type { V1Pod } from '@kubernetes/client-node';
import { podTiming, resizeVerdict, statusFingerprint, syncPod, type PodMemory, type PodStatusJson, type SyncInput } from './pod-sync';

const timing = { readyDelayMs: 1000, resizeDelayMs: 500, stopDelayMs: 0 };
const room = { allocatable: { cpu: 4, memory: 2 ** 36 }, othersAllocated: { cpu: 1 } };

function pod(over: { cpu?: string; gates?: string[]; conditions?: { type: string; status: string }[]; deleting?: number } = {}): V1Pod {
  const cpu = over.cpu ?? '1';
  return {
    metadata: {
      name: 'p',
      namespace: 'n',
      uid: 'u1',
      generation: 1,
      ...(over.deleting !== undefined ? { deletionTimestamp: new Date(0), deletionGracePeriodSeconds: over.deleting } : {}),
    },
    spec: {
      nodeName: 'node',
      containers: [{ name: 'server', image: 'img', resources: { requests: { cpu }, limits: { cpu } } }],
      ...(over.gates ? { readinessGates: over.gates.map((conditionType) => ({ conditionType })) } : {}),
    },
    status: { phase: 'Pending', qosClass: 'Guaranteed', conditions: (over.conditions ?? []).map((c) => ({ ...c, lastTransitionTime: new Date(0) })) },
  };
}

function input(p: V1Pod, now: number, memory?: PodMemory, over: Partial<SyncInput> = {}): SyncInput {
  return { pod: p, memory, now, timing, room, podIp: '10.244.0.2', hostIp: '127.0.0.1', ...over };
}

/** The pod as the API server returns it after the stand-in's status write. */
function written(p: V1Pod, status: PodStatusJson): V1Pod {
  return { ...p, status: status as unknown as V1Pod['status'] };
}

function statusOf(result: ReturnType<typeof syncPod>): PodStatusJson {
  if (result.action.kind !== 'write-status') throw new Error(`expected a status write, got ${result.action.kind}`);
  return result.action.status;
}

const condition = (s: PodStatusJson, type: string) => s.conditions.find((c) => c.type === type);

describe('syncPod: start and readiness', () => {
  it('runs a bound pod at once and makes it Ready after the ready delay', () => {
    const first = syncPod(input(pod(), 10_000));
    const s = statusOf(first);
    expect(s.phase).toBe('Running');
    expect(s.podIP).toBe('10.244.0.2');
    expect(condition(s, 'Ready')?.status).toBe('False');
    expect(first.wakeAt).toBe(11_000);
    const later = syncPod(input(written(pod(), s), 11_000, first.memory));
    expect(condition(statusOf(later), 'Ready')?.status).toBe('True');
    expect(statusOf(later).containerStatuses[0]).toMatchObject({ ready: true, allocatedResources: { cpu: '1' }, resources: { requests: { cpu: '1' } } });
  });

  it('writes nothing when nothing changed', () => {
    const first = syncPod(input(pod(), 0, undefined, { timing: { ...timing, readyDelayMs: 0 } }));
    const again = syncPod(input(written(pod(), statusOf(first)), 5000, first.memory, { timing: { ...timing, readyDelayMs: 0 } }));
    expect(again.action.kind).toBe('none');
  });

  it('keeps a pod with an unmet readiness gate not Ready, with the kubelet reason, until the gate is True', () => {
    const gated = pod({ gates: ['infscale.io/resized'] });
    const s = statusOf(syncPod(input(gated, 5000, { startedAt: 0, allocated: { server: { requests: { cpu: '1' }, limits: { cpu: '1' } } } })));
    expect(condition(s, 'ContainersReady')?.status).toBe('True');
    expect(condition(s, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ReadinessGatesNotReady',
      message: 'corresponding condition of pod readiness gate "infscale.io/resized" does not exist.',
    });
    const open = pod({ gates: ['infscale.io/resized'], conditions: [{ type: 'infscale.io/resized', status: 'True' }] });
    const s2 = statusOf(syncPod(input(open, 5000, { startedAt: 0, allocated: { server: { requests: { cpu: '1' }, limits: { cpu: '1' } } } })));
    expect(condition(s2, 'Ready')?.status).toBe('True');
    // The gate's condition is the scaler's: it stays as written.
    expect(condition(s2, 'infscale.io/resized')?.status).toBe('True');
  });
});

describe('syncPod: in-place resize', () => {
  const started = () => {
    const first = syncPod(input(pod({ cpu: '1' }), 0, undefined, { timing: { ...timing, readyDelayMs: 0 } }));
    return { memory: first.memory, status: statusOf(first) };
  };

  it('accepts a resize that fits, reports InProgress, then the new resources once actuated', () => {
    const { memory, status } = started();
    const resized = written(pod({ cpu: '3' }), status);
    const accepted = syncPod(input(resized, 1000, memory));
    const s = statusOf(accepted);
    expect(condition(s, 'PodResizeInProgress')?.status).toBe('True');
    expect(s.containerStatuses[0]).toMatchObject({ allocatedResources: { cpu: '3' }, resources: { requests: { cpu: '1' } } });
    expect(accepted.wakeAt).toBe(1500);
    const done = statusOf(syncPod(input(written(pod({ cpu: '3' }), s), 1500, accepted.memory)));
    expect(condition(done, 'PodResizeInProgress')).toBeUndefined();
    expect(done.containerStatuses[0]).toMatchObject({ resources: { requests: { cpu: '3' }, limits: { cpu: '3' } } });
  });

  it('defers a resize that does not fit beside the other pods and accepts it once they free room', () => {
    const { memory, status } = started();
    const resized = written(pod({ cpu: '3500m' }), status);
    const deferred = syncPod(input(resized, 1000, memory));
    expect(condition(statusOf(deferred), 'PodResizePending')).toMatchObject({
      reason: 'Deferred',
      message: "Node didn't have enough resource: cpu, requested: 3500, used: 1000, capacity: 4000",
    });
    const freed = syncPod(input(written(pod({ cpu: '3500m' }), statusOf(deferred)), 2000, deferred.memory, { room: { ...room, othersAllocated: {} } }));
    expect(condition(statusOf(freed), 'PodResizePending')).toBeUndefined();
    expect(condition(statusOf(freed), 'PodResizeInProgress')?.status).toBe('True');
  });

  it('calls a resize beyond the node allocatable Infeasible, and keeps the old allocation', () => {
    const { memory, status } = started();
    const result = syncPod(input(written(pod({ cpu: '5' }), status), 1000, memory));
    expect(condition(statusOf(result), 'PodResizePending')).toMatchObject({
      reason: 'Infeasible',
      message: "Node didn't have enough capacity: cpu, requested: 5000, capacity: 4000",
    });
    expect(statusOf(result).containerStatuses[0]).toMatchObject({ allocatedResources: { cpu: '1' } });
  });

  it('reads equivalent quantities as equal ("1" and "1000m" need no resize)', () => {
    const { memory, status } = started();
    expect(syncPod(input(written(pod({ cpu: '1000m' }), status), 1000, memory)).action.kind).toBe('none');
  });
});

describe('syncPod: termination', () => {
  it('is not Ready while terminating and is removed after the stop delay, within the grace period', () => {
    const slow = { ...timing, readyDelayMs: 0, stopDelayMs: 5000 };
    const memory = { startedAt: 0, allocated: { server: { requests: { cpu: '1' }, limits: { cpu: '1' } } } };
    const first = syncPod(input(pod({ deleting: 2 }), 0, memory, { timing: slow }));
    expect(condition(statusOf(first), 'Ready')?.status).toBe('False');
    expect(first.wakeAt).toBe(2000);
    expect(syncPod(input(pod({ deleting: 2 }), 2000, first.memory, { timing: slow })).action.kind).toBe('delete');
  });
});

describe('resizeVerdict', () => {
  it('names memory first, as the kubelet does', () => {
    const verdict = resizeVerdict({ cpu: 8, memory: 2 ** 40 }, room);
    expect(verdict.pending?.message).toMatch(/^Node didn't have enough capacity: memory, requested: 1099511627776/);
  });
});

describe('podTiming', () => {
  it('takes per-pod overrides from annotations and ignores malformed ones', () => {
    const p = pod();
    p.metadata!.annotations = { 'testenv.infscale.io/ready-delay-ms': '2500', 'testenv.infscale.io/resize-delay-ms': 'soon' };
    expect(podTiming(p, timing)).toEqual({ ...timing, readyDelayMs: 2500 });
  });
});

describe('statusFingerprint', () => {
  it('ignores times and quantity spelling, not readiness', () => {
    const a = {
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }],
      containerStatuses: [{ name: 's', resources: { requests: { cpu: '1' } } }],
    };
    const b = {
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date(5) }],
      containerStatuses: [{ name: 's', resources: { requests: { cpu: '1000m' } } }],
    };
    expect(statusFingerprint(a)).toBe(statusFingerprint(b));
    expect(statusFingerprint(a)).not.toBe(statusFingerprint({ ...a, conditions: [{ type: 'Ready', status: 'False' }] }));
  });
});
