import { planActions } from './plan';
import type { ClusterState, DeploymentSpec } from './cluster';

const spec = (name: string, over: Partial<DeploymentSpec> = {}): DeploymentSpec => ({
  name,
  variant: name,
  stage: 'main',
  replicas: 1,
  cores: 2,
  batch: 1,
  ...over,
});
const status = (s: DeploymentSpec) => ({ ...s, readyReplicas: s.replicas, actualCores: s.cores });

describe('planActions (make-before-break)', () => {
  it('creates, waits, routes, then deletes when switching variants', () => {
    const current: ClusterState = { deployments: [status(spec('resnet152', { cores: 20 }))], routing: [{ stage: 'main', weights: { resnet152: 1 } }] };
    const plan = planActions(
      current,
      { deployments: [spec('resnet50', { cores: 8 })], routing: [{ stage: 'main', weights: { resnet50: 100 } }] },
      'in-place',
      'switch',
    );
    expect(plan.actions.map((a) => a.type)).toEqual(['create', 'await-ready', 'route', 'delete']);
    expect(plan.actions[3]).toEqual({ type: 'delete', name: 'resnet152' });
  });

  it('grows cores before the wait and shrinks them only after traffic moved', () => {
    const current: ClusterState = {
      deployments: [status(spec('a', { cores: 4 })), status(spec('b', { cores: 8 }))],
      routing: [{ stage: 'main', weights: { a: 50, b: 50 } }],
    };
    const plan = planActions(
      current,
      { deployments: [spec('a', { cores: 6 }), spec('b', { cores: 2 })], routing: [{ stage: 'main', weights: { a: 70, b: 30 } }] },
      'in-place',
      'rebalance',
    );
    expect(plan.actions).toEqual([
      { type: 'resize', name: 'a', cores: 6, mode: 'in-place' },
      { type: 'await-ready', names: ['a'] },
      { type: 'route', routing: { stage: 'main', weights: { a: 70, b: 30 } } },
      { type: 'resize', name: 'b', cores: 2, mode: 'in-place' },
    ]);
  });

  it('is empty when nothing changes, and skips unchanged routing', () => {
    const d = spec('a', { replicas: 3 });
    const current: ClusterState = { deployments: [status(d)], routing: [{ stage: 'main', weights: { a: 1 } }] };
    expect(planActions(current, { deployments: [d], routing: [{ stage: 'main', weights: { a: 1 } }] }, 'restart', 'same').actions).toEqual([]);
  });

  it('scales replicas up before and down after routing', () => {
    const current: ClusterState = { deployments: [status(spec('s1', { replicas: 2 })), status(spec('s2', { replicas: 5 }))], routing: [] };
    const plan = planActions(current, { deployments: [spec('s1', { replicas: 4, batch: 4 }), spec('s2', { replicas: 3 })], routing: [] }, 'restart', 'x');
    expect(plan.actions).toEqual([
      { type: 'set-batch', name: 's1', batch: 4 },
      { type: 'scale', name: 's1', replicas: 4 },
      { type: 'await-ready', names: ['s1'] },
      { type: 'scale', name: 's2', replicas: 3 },
    ]);
  });

  it('adds replicas without a wait when nothing follows, so the next decision is not held up by a model load', () => {
    const current: ClusterState = { deployments: [status(spec('s1', { replicas: 2 })), status(spec('s2', { replicas: 1 }))], routing: [] };
    const plan = planActions(current, { deployments: [spec('s1', { replicas: 5 }), spec('s2', { replicas: 2 })], routing: [] }, 'restart', 'burst');
    expect(plan.actions).toEqual([
      { type: 'scale', name: 's1', replicas: 5 },
      { type: 'scale', name: 's2', replicas: 2 },
    ]);
    // A new deployment still waits: traffic must not move to it before it is ready.
    const switching = planActions(
      current,
      { deployments: [spec('s1', { replicas: 3 }), spec('s3')], routing: [{ stage: 'main', weights: { s3: 1 } }] },
      'restart',
      'switch',
    );
    expect(switching.actions.map((a) => a.type)).toEqual(['scale', 'create', 'await-ready', 'route', 'delete']);
  });

  it('waits for a kept deployment with no ready pod before moving traffic to it (a plan replaced while it waited)', () => {
    const loading = { ...status(spec('b')), readyReplicas: 0 };
    const current: ClusterState = { deployments: [status(spec('a')), loading], routing: [{ stage: 'main', weights: { a: 1 } }] };
    const plan = planActions(current, { deployments: [spec('b')], routing: [{ stage: 'main', weights: { b: 1 } }] }, 'in-place', 'switch');
    expect(plan.actions).toEqual([
      { type: 'await-ready', names: ['b'] },
      { type: 'route', routing: { stage: 'main', weights: { b: 1 } } },
      { type: 'delete', name: 'a' },
    ]);
    // Nothing moves and nothing goes: no reason to wait for it.
    expect(planActions(current, { deployments: [spec('a'), spec('b')], routing: current.routing }, 'in-place', 'keep').actions).toEqual([]);
  });
});
