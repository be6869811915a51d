/**
 * A replica that lost the lease must not write (issue 14, finding 3), asserted on the requests the
 * fault proxy in front of the real API server saw: each replica runs as its own ServiceAccount. Two
 * replicas share virtual time (their waits advance it); every request and its timeout are real.
 */
import type { DeploymentSpec } from '@infscale/core';
import type { KubernetesActuator } from './actuator';
import { memoryLogger, runPlan, startClusterHarness, virtualTime, type ClusterHarness, type FaultEffect } from './test-support';

const spec: DeploymentSpec = { name: 'ipa-yolo', variant: 'yolov5s', stage: 'detect', replicas: 1, cores: 2, batch: 1 };
const LEASE = 'infscale-infadapter';
const election = (identity: string) => ({ leaderElection: { enabled: true, identity, leaseDurationSeconds: 15, renewDeadline: '10s', retryPeriod: '2s' } });

describe('a replica that lost the lease writes nothing more', () => {
  let h: ClusterHarness;
  let a: KubernetesActuator;
  let b: KubernetesActuator;
  let time: ReturnType<typeof virtualTime>;
  const logA = memoryLogger();
  const userA = () => h.userOf('scaler-a');

  /** Writes other than the lease calls, by replica a: what a stale leader must never send. */
  const writesOfA = (from = 0) => h.proxy.requestsOf(userA(), from).filter((r) => r.method !== 'GET' && !r.path.includes('/leases'));

  beforeEach(async () => {
    // New pods take 30 s to be ready: an await-ready step polls (and renews) every second meanwhile.
    h = await startClusterHarness({ name: 'stale-leader', timing: { readyDelayMs: 30_000 } });
    await runPlan(await h.actuator(), { reason: 'start', actions: [{ type: 'create', spec }] });
    logA.lines.length = 0;
    time = virtualTime();
    a = await h.actuator(
      { ...election('scaler-a'), requestTimeout: '300ms', awaitReady: { timeoutMs: 600_000, pollMs: 1_000 } },
      { logger: logA, identity: 'scaler-a', deps: time.deps },
    );
    b = await h.actuator(election('scaler-b'), { identity: 'scaler-b', deps: time.deps });
  });
  afterEach(() => h.close());

  const replicas = async () => (await h.deployment('ipa-yolo'))!.spec!.replicas;

  it("Retry-After: 3600 while it cannot renew: it steps down in the back-off, and the new leader's size stands", async () => {
    const t0 = time.clock.now();
    expect(await a.leading()).toBe(true);
    expect(await b.leading()).toBe(false); // b sees a's lease from t0 on
    // a is cut off from the lease (503 on its renewals), and the API server asks it to come back in an hour.
    h.proxy.add({ method: 'PUT', path: /\/leases\//, user: userA(), times: 100, effect: { kind: 'status', code: 503 } });
    h.proxy.add({ method: 'PATCH', path: /\/scale$/, user: userA(), times: 100, effect: { kind: 'status', code: 429, retryAfterSeconds: 3600 } });

    const status = await runPlan(a, { reason: 'a: load fell', actions: [{ type: 'scale', name: 'ipa-yolo', replicas: 2 }] });
    expect(status.lastError).toMatch(/scaler-a is not the leader/);
    // It tried at t0 and t0+5 s (Retry-After capped at retry.maxDelayMs, 5 s), then stopped at its renew deadline.
    expect(writesOfA().map((r) => `${r.method} ${r.code}`)).toEqual(['PATCH 429', 'PATCH 429']);
    expect(time.clock.now() - t0).toBeLessThanOrEqual(10_000);
    expect(logA.lines.some((l) => l.message === 'lease not renewed' && /503/.test(String(l.fields?.error)))).toBe(true);
    expect(logA.lines.some((l) => l.message === 'not the leader any more: stopped acting on the cluster')).toBe(true);

    time.clock.set(t0 + 15_000); // the lease went unrenewed for its duration, as b saw it
    expect(await b.leading()).toBe(true);
    const takeover = h.proxy.requests.length;
    expect(await runPlan(b, { reason: 'b: load rose', actions: [{ type: 'scale', name: 'ipa-yolo', replicas: 5 }] })).toEqual({ busy: false });
    await expect(a.submit({ reason: 'a again', actions: [{ type: 'scale', name: 'ipa-yolo', replicas: 2 }] })).rejects.toThrow(/not the leader/);

    time.clock.advance(3_600_000); // the hour a was asked to wait
    expect(await a.leading()).toBe(false);
    expect(writesOfA(takeover)).toEqual([]);
    expect(await replicas()).toBe(5);
  });

  it('a lease taken over during a plan: it stops at its next renewal, before the steps after', async () => {
    expect(await a.leading()).toBe(true);
    let stolenAt = -1;
    h.proxy.beforeForward(async (r) => {
      // While a polls its new deployment, another replica takes the lease over (as after a long partition).
      if (stolenAt < 0 && r.user === userA() && r.method === 'GET' && r.path.endsWith('/deployments/ipa-yolo-x')) {
        stolenAt = h.proxy.requests.length;
        const lease = await h.coordination.readNamespacedLease({ name: LEASE, namespace: h.namespace });
        await h.coordination.replaceNamespacedLease({
          name: LEASE,
          namespace: h.namespace,
          body: { ...lease, spec: { ...lease.spec, holderIdentity: 'scaler-b' } },
        });
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
    expect(writesOfA(stolenAt)).toEqual([]);
    expect(await h.deployment('ipa-yolo')).toBeDefined();
  });

  it('409 on its renewal: another candidate wrote the lease first, so it stops at once', async () => {
    expect(await a.leading()).toBe(true);
    time.clock.advance(2_000);
    h.proxy.add({ method: 'PUT', path: /\/leases\//, user: userA(), effect: { kind: 'status', code: 409 } });
    expect(await a.leading()).toBe(false);
    expect(() => a.assertLeader()).toThrow(/not the leader/);
  });

  it.each<[string, FaultEffect]>([
    ['429', { kind: 'status', code: 429, retryAfterSeconds: 1 }],
    ['503', { kind: 'status', code: 503 }],
    ['a hang', { kind: 'hang' }],
    ['a reset connection', { kind: 'reset' }],
  ])('%s on its renewals: it leads until the renew deadline, then stops', async (_, effect) => {
    expect(await a.leading()).toBe(true);
    h.proxy.add({ path: /\/leases\//, user: userA(), times: 100, effect });
    time.clock.advance(2_000);
    const started = Date.now();
    expect(await a.leading()).toBe(true); // renewal failed, but the last one is 2 s old
    expect(Date.now() - started).toBeLessThan(2_000); // a hung call costs the request timeout (300 ms), not the loop
    time.clock.advance(7_999);
    expect(await a.leading()).toBe(true);
    time.clock.advance(1);
    expect(await a.leading()).toBe(false);
    const failures = logA.lines.filter((l) => l.message === 'lease not renewed').map((l) => String(l.fields?.error));
    expect(failures.length).toBeGreaterThan(0);
    if (effect.kind === 'hang')
      expect(failures[0]).toMatch(new RegExp(`read lease infscale-infadapter in ${h.namespace}: no answer from the Kubernetes API within 300 ms`));
  });
});

describe('writes and reads that never answer', () => {
  let h: ClusterHarness;
  beforeEach(async () => {
    h = await startClusterHarness({ name: 'hung-calls' });
    await runPlan(await h.actuator(), { reason: 'start', actions: [{ type: 'create', spec }] });
  });
  afterEach(() => h.close());

  it('a write that hangs times out, is logged and retried', async () => {
    const logger = memoryLogger();
    const actuator = await h.actuator({ requestTimeout: '300ms' }, { logger });
    h.proxy.add({ method: 'PATCH', path: /\/scale$/, effect: { kind: 'hang' } });
    const started = Date.now();
    expect(await runPlan(actuator, { reason: 'load', actions: [{ type: 'scale', name: 'ipa-yolo', replicas: 3 }] })).toEqual({ busy: false });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(h.proxy.requests.filter((r) => r.path.endsWith('/scale')).map((r) => r.code)).toEqual([0, 200]); // 0: never answered
    expect(logger.lines.find((l) => l.message === 'retrying scale ipa-yolo')?.fields).toMatchObject({
      error: expect.stringMatching(new RegExp(`scale deployment ipa-yolo in ${h.namespace}: no answer from the Kubernetes API within 300 ms`)),
    });
  });

  it('reads that hang make current() fail within attempts × timeout instead of never', async () => {
    const actuator = await h.actuator({ requestTimeout: '200ms', retry: { maxAttempts: 2, baseDelayMs: 10 } });
    h.proxy.add({ method: 'GET', path: /\/deployments$/, times: 5, effect: { kind: 'hang' } });
    const started = Date.now();
    await expect(actuator.current()).rejects.toThrow(new RegExp(`list deployments in ${h.namespace}: no answer from the Kubernetes API within 200 ms`));
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
