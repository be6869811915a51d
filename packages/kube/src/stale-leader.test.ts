/**
 * A replica that lost the lease must not write (issue 14, finding 3), asserted on the fake API
 * server's request log: every request carries its replica's token. Two replicas share one
 * ManualClock; their waits advance it, HTTP timeouts are real.
 */
import type { DeploymentSpec } from '@infscale/core';
import type { KubernetesActuator } from './actuator';
import { NAMESPACE, memoryLogger, runPlan, startHarness } from './test-support/harness';
import { Resources } from './test-support/resources';

type Harness = Awaited<ReturnType<typeof startHarness>>;

const spec: DeploymentSpec = { name: 'ipa-yolo', variant: 'yolov5s', stage: 'detect', replicas: 1, cores: 2, batch: 1 };
const LEASE = 'infscale-infadapter';
const election = (identity: string) => ({ leaderElection: { enabled: true, identity, leaseDurationSeconds: 15, renewDeadline: '10s', retryPeriod: '2s' } });

/** Writes other than the lease calls, by one replica's token: what a stale leader must never send. */
function writesBy(h: Harness, token: string, from = 0) {
  return h.server.requests.slice(from).filter((r) => r.token === token && r.method !== 'GET' && !r.path.includes('/leases'));
}

describe('a replica that lost the lease writes nothing more', () => {
  let h: Harness;
  let a: KubernetesActuator;
  let b: KubernetesActuator;
  const logA = memoryLogger();

  beforeEach(async () => {
    // New pods take 30 s to be ready: an await-ready step polls (and renews) every second meanwhile.
    h = await startHarness({ readyDelayMs: 30_000 });
    await runPlan(h.actuator(), { reason: 'start', actions: [{ type: 'create', spec }] });
    logA.lines.length = 0;
    a = h.actuator({ ...election('scaler-a'), requestTimeout: '300ms' }, logA, 'token-a');
    b = h.actuator(election('scaler-b'), undefined, 'token-b');
  });
  afterEach(() => h.close());

  const replicas = () => (h.server.store.find('deployments', NAMESPACE, 'ipa-yolo')!.spec as { replicas: number }).replicas;

  it('Retry-After: 3600 while it cannot renew: it steps down in the back-off, and the new leader\'s size stands', async () => {
    const t0 = h.clock.now();
    expect(await a.leading()).toBe(true);
    expect(await b.leading()).toBe(false); // b sees a's lease from t0 on
    // a is cut off from the lease (503 on its renewals), and the API server asks it to come back in an hour.
    h.server.faults.add({ method: 'PUT', path: /\/leases\//, token: 'token-a', times: 100, effect: { kind: 'server-error', code: 503 } });
    h.server.faults.add({ method: 'PATCH', path: /\/scale$/, token: 'token-a', times: 100, effect: { kind: 'too-many-requests', retryAfterSeconds: 3600 } });

    const status = await runPlan(a, { reason: 'a: load fell', actions: [{ type: 'scale', name: 'ipa-yolo', replicas: 2 }] });
    expect(status.lastError).toMatch(/scaler-a is not the leader/);
    // It tried at t0 and t0+5 s (Retry-After capped at retry.maxDelayMs, 5 s), then stopped at its renew deadline.
    expect(writesBy(h, 'token-a').map((r) => `${r.method} ${r.code}`)).toEqual(['PATCH 429', 'PATCH 429']);
    expect(h.clock.now() - t0).toBeLessThanOrEqual(10_000);
    expect(logA.lines.some((l) => l.message === 'lease not renewed' && /503/.test(String(l.fields?.error)))).toBe(true);
    expect(logA.lines.some((l) => l.message === 'not the leader any more: stopped acting on the cluster')).toBe(true);

    h.clock.set(t0 + 15_000); // the lease went unrenewed for its duration, as b saw it
    expect(await b.leading()).toBe(true);
    const takeover = h.server.requests.length;
    expect(await runPlan(b, { reason: 'b: load rose', actions: [{ type: 'scale', name: 'ipa-yolo', replicas: 5 }] })).toEqual({ busy: false });
    await expect(a.submit({ reason: 'a again', actions: [{ type: 'scale', name: 'ipa-yolo', replicas: 2 }] })).rejects.toThrow(/not the leader/);

    h.clock.advance(3_600_000); // the hour a was asked to wait
    expect(await a.leading()).toBe(false);
    expect(writesBy(h, 'token-a', takeover)).toEqual([]);
    expect(replicas()).toBe(5);
  });

  it('a lease taken over during a plan: it stops at its next renewal, before the steps after', async () => {
    expect(await a.leading()).toBe(true);
    let stolenAt = -1;
    h.server.onRequest((r) => {
      // While a polls its new deployment, another replica takes the lease over (as after a long partition).
      if (stolenAt < 0 && r.token === 'token-a' && r.method === 'GET' && r.path.endsWith('/deployments/ipa-yolo-x')) {
        const lease = h.server.store.find('leases', NAMESPACE, LEASE)!;
        h.server.store.update(Resources.leases, { ...lease, spec: { ...(lease.spec as object), holderIdentity: 'scaler-b' } });
        stolenAt = h.server.requests.length;
      }
    });
    const plan = {
      reason: 'a: switch variant',
      actions: [
        { type: 'create' as const, spec: { ...spec, name: 'ipa-yolo-x', variant: 'yolov5x' } },
        { type: 'await-ready' as const, names: ['ipa-yolo-x'] },
        { type: 'delete' as const, name: 'ipa-yolo' },
      ],
    };
    const status = await runPlan(a, plan);
    expect(stolenAt).toBeGreaterThan(0);
    expect(status.lastError).toMatch(/step 1 \(await-ready\): scaler-a is not the leader/);
    expect(writesBy(h, 'token-a', stolenAt)).toEqual([]);
    expect(h.server.store.find('deployments', NAMESPACE, 'ipa-yolo')).toBeDefined();
  });

  it('409 on its renewal: another candidate wrote the lease first, so it stops at once', async () => {
    expect(await a.leading()).toBe(true);
    h.clock.advance(2_000);
    h.server.faults.add({ method: 'PUT', path: /\/leases\//, token: 'token-a', effect: { kind: 'conflict' } });
    expect(await a.leading()).toBe(false);
    expect(() => a.assertLeader()).toThrow(/not the leader/);
  });

  it.each([
    ['429', { kind: 'too-many-requests' as const, retryAfterSeconds: 1 }],
    ['503', { kind: 'server-error' as const, code: 503 as const }],
    ['a hang', { kind: 'hang' as const }],
  ])('%s on its renewals: it leads until the renew deadline, then stops', async (_, effect) => {
    expect(await a.leading()).toBe(true);
    h.server.faults.add({ path: /\/leases\//, token: 'token-a', times: 100, effect });
    h.clock.advance(2_000);
    const started = Date.now();
    expect(await a.leading()).toBe(true); // renewal failed, but the last one is 2 s old
    expect(Date.now() - started).toBeLessThan(2_000); // a hung call costs the request timeout (300 ms), not the loop
    h.clock.advance(7_999);
    expect(await a.leading()).toBe(true);
    h.clock.advance(1);
    expect(await a.leading()).toBe(false);
    const failures = logA.lines.filter((l) => l.message === 'lease not renewed').map((l) => String(l.fields?.error));
    expect(failures.length).toBeGreaterThan(0);
    if (effect.kind === 'hang') expect(failures[0]).toMatch(/read lease infscale-infadapter in serving: no answer from the Kubernetes API within 300 ms/);
  });
});

describe('writes and reads that never answer', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ readyDelayMs: 0 });
    await runPlan(h.actuator(), { reason: 'start', actions: [{ type: 'create', spec }] });
  });
  afterEach(() => h.close());

  it('a write that hangs times out, is logged and retried', async () => {
    const logger = memoryLogger();
    const actuator = h.actuator({ requestTimeout: '300ms' }, logger);
    h.server.faults.add({ method: 'PATCH', path: /\/scale$/, effect: { kind: 'hang' } });
    const started = Date.now();
    expect(await runPlan(actuator, { reason: 'load', actions: [{ type: 'scale', name: 'ipa-yolo', replicas: 3 }] })).toEqual({ busy: false });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(h.server.requests.filter((r) => r.path.endsWith('/scale')).map((r) => r.code)).toEqual([0, 200]); // 0: never answered
    expect(logger.lines.find((l) => l.message === 'retrying scale ipa-yolo')?.fields).toMatchObject({ error: expect.stringMatching(/scale deployment ipa-yolo in serving: no answer from the Kubernetes API within 300 ms/) });
  });

  it('reads that hang make current() fail within attempts × timeout instead of never', async () => {
    const actuator = h.actuator({ requestTimeout: '200ms', retry: { maxAttempts: 2, baseDelayMs: 10 } });
    h.server.faults.add({ method: 'GET', path: /\/deployments$/, times: 5, effect: { kind: 'hang' } });
    const started = Date.now();
    await expect(actuator.current()).rejects.toThrow(/list deployments in serving: no answer from the Kubernetes API within 200 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
