import type { V1Node } from '@kubernetes/client-node';
import { nodeCapacity, nodeStatusDue } from './node-sync';
import { nodeManifest } from '@infscale/kube/testing';

const node = (annotations: Record<string, string>): V1Node => ({ metadata: { name: 'n1', annotations } });

describe('nodeCapacity', () => {
  it('reads what the registrar wrote, with defaults for memory and pods', () => {
    expect(nodeCapacity(nodeManifest({ name: 'n1', cpu: '2500m' }))).toEqual({ cpu: '2500m', memory: '64Gi', pods: '110' });
  });

  it.each([
    [{}, 'node n1: annotation testenv.infscale.io/cpu is missing (e.g. "4")'],
    [{ 'testenv.infscale.io/cpu': 'four' }, 'node n1: annotation testenv.infscale.io/cpu is "four", not a quantity (e.g. "4", "64Gi")'],
    [{ 'testenv.infscale.io/cpu': '0' }, 'node n1: annotation testenv.infscale.io/cpu is "0"; it must be positive'],
  ])('names the bad annotation: %j', (annotations, message) => {
    expect(() => nodeCapacity(node(annotations))).toThrow(message);
  });
});

describe('nodeStatusDue', () => {
  const capacity = { cpu: '4', memory: '64Gi', pods: '110' };
  const reported = (heartbeat: string, cpu = '4'): V1Node => ({
    metadata: { name: 'n1' },
    status: {
      allocatable: { cpu, memory: '64Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: heartbeat as unknown as Date }],
    },
  });
  const now = Date.parse('2026-01-01T00:01:00Z');

  it('is due when the last report is old, or the capacity changed, and not otherwise', () => {
    expect(nodeStatusDue(reported('2026-01-01T00:00:30Z'), capacity, now, 60_000)).toBe(false);
    expect(nodeStatusDue(reported('2026-01-01T00:00:00Z'), capacity, now, 60_000)).toBe(true);
    expect(nodeStatusDue(reported('2026-01-01T00:00:30Z', '4000m'), capacity, now, 60_000)).toBe(false);
    expect(nodeStatusDue(reported('2026-01-01T00:00:30Z', '2'), capacity, now, 60_000)).toBe(true);
  });
});
