import { StandbyError, type DeploymentSpec } from '@infscale/core';
import { memoryLogger, runPlan, startClusterHarness, virtualTime, type ClusterHarness } from './test-support';

const spec: DeploymentSpec = { name: 'ipa-yolo', variant: 'yolov5s', stage: 'detect', replicas: 1, cores: 2, batch: 1 };

describe('retries, faults from the proxy in front of the real API server, leader election and dry run', () => {
  let h: ClusterHarness;
  beforeEach(async () => {
    h = await startClusterHarness({ name: 'resilience' });
  });
  afterEach(() => h.close());

  async function created() {
    const actuator = await h.actuator();
    await runPlan(actuator, { reason: 'start', actions: [{ type: 'create', spec }] });
    return actuator;
  }
  const calls = (suffix: string) => h.proxy.requests.filter((r) => r.path.endsWith(suffix)).map((r) => `${r.method} ${r.code}`);

  it('on a genuine 409 (another writer changed the deployment after our read) re-reads and re-applies', async () => {
    const actuator = await created();
    let raced = false;
    h.proxy.beforeForward(async (r) => {
      // A concurrent writer changes the deployment between our read and our patch, once.
      if (r.method === 'PATCH' && r.path.endsWith('/deployments/ipa-yolo') && !raced) {
        raced = true;
        await h.adminApi.patchDeployment('ipa-yolo', { metadata: { annotations: { touched: 'yes' } } }, 'merge');
      }
    });
    expect(await runPlan(actuator, { reason: 'batch', actions: [{ type: 'set-batch', name: 'ipa-yolo', batch: 4 }] })).toEqual({ busy: false });
    // Read, patch (409: the other writer moved the resourceVersion), re-read, patch again; the deployment
    // controller's own status writes may cost another round.
    const sent = calls('/deployments/ipa-yolo');
    expect(sent.slice(0, 3)).toEqual(['GET 200', 'PATCH 409', 'GET 200']);
    expect(sent.at(-1)).toBe('PATCH 200');
    expect(sent.slice(3, -1).every((c, i) => c === (i % 2 === 0 ? 'PATCH 409' : 'GET 200'))).toBe(true);
    expect((await h.deployment('ipa-yolo'))?.metadata?.annotations?.touched).toBe('yes'); // the other writer's change survives
    expect((await actuator.current()).deployments[0]!.batch).toBe(4);
  });

  it('honours Retry-After on 429 and retries 500/503 with backoff', async () => {
    await created();
    const time = virtualTime();
    const actuator = await h.actuator({ retry: { baseDelayMs: 200 } }, { deps: time.deps });
    h.proxy.add({ method: 'PATCH', path: /\/scale$/, effect: { kind: 'status', code: 429, retryAfterSeconds: 3 } });
    h.proxy.add({ method: 'PATCH', path: /\/scale$/, effect: { kind: 'status', code: 503 } });
    h.proxy.add({ method: 'PATCH', path: /\/scale$/, effect: { kind: 'status', code: 500 } });
    expect(await runPlan(actuator, { reason: 'load', actions: [{ type: 'scale', name: 'ipa-yolo', replicas: 2 }] })).toEqual({ busy: false });
    expect(h.proxy.requests.filter((r) => r.path.endsWith('/scale')).map((r) => r.code)).toEqual([429, 503, 500, 200]);
    // Retry-After (3 s) beats the 150 ms jittered backoff; then 300 ms (attempt 2) and 600 ms (attempt 3), jitter 0.5.
    expect(time.slept).toEqual([3_000, 300, 600]);
    expect((await h.deployment('ipa-yolo'))?.spec?.replicas).toBe(2);
  });

  it('gives up after maxAttempts and reports the last error', async () => {
    const actuator = await h.actuator({ retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100 } });
    h.proxy.add({ method: 'POST', path: /\/deployments$/, times: 5, effect: { kind: 'status', code: 500 } });
    const status = await runPlan(actuator, { reason: 'start', actions: [{ type: 'create', spec }] });
    expect(status.lastError).toMatch(/step 0 \(create\): 500: Internal error occurred/);
    expect(h.proxy.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/deployments'))).toHaveLength(3);
    expect(await h.deployment('ipa-yolo')).toBeUndefined();
  });

  it('survives a slow answer', async () => {
    const actuator = await created();
    h.proxy.add({ method: 'GET', path: /\/deployments$/, effect: { kind: 'slow', delayMs: 300 } });
    expect((await actuator.current()).deployments).toHaveLength(1);
  });

  it('a reset connection is a network error: retried', async () => {
    const actuator = await created();
    h.proxy.add({ method: 'PATCH', path: /\/scale$/, effect: { kind: 'reset' } });
    expect(await runPlan(actuator, { reason: 'load', actions: [{ type: 'scale', name: 'ipa-yolo', replicas: 3 }] })).toEqual({ busy: false });
    expect(h.proxy.requests.filter((r) => r.path.endsWith('/scale')).map((r) => [r.fault ?? '-', r.code])).toEqual([
      ['reset', 0],
      ['-', 200],
    ]);
  });

  it('lets only one of two actuators act: the other takes over a full lease duration after it last saw the lease renewed', async () => {
    const time = virtualTime();
    const election = { enabled: true, leaseDurationSeconds: 15 };
    const a = await h.actuator({ leaderElection: { ...election, identity: 'scaler-a' } }, { identity: 'scaler-a', deps: time.deps });
    const b = await h.actuator({ leaderElection: { ...election, identity: 'scaler-b' } }, { identity: 'scaler-b', deps: time.deps });
    expect(await a.leading()).toBe(true);
    expect(await b.leading()).toBe(false); // b first sees a's lease now (t0)
    const refused = b.submit({ reason: 'b', actions: [{ type: 'create', spec }] });
    await expect(refused).rejects.toThrow(/scaler-b is not the leader/);
    // The controller loop turns this into a standby hold, not an error.
    await expect(refused).rejects.toBeInstanceOf(StandbyError);
    expect(await h.deployment('ipa-yolo')).toBeUndefined();

    time.clock.advance(10_000);
    expect(await a.leading()).toBe(true); // t0+10: a renews
    time.clock.advance(10_000);
    expect(await b.leading()).toBe(false); // t0+20: b sees the renewal now
    // a's own view: no renewal for 10 s (its renew deadline), so it has stopped acting already.
    expect(() => a.assertLeader()).toThrow(/scaler-a is not the leader/);
    time.clock.advance(14_999);
    expect(await b.leading()).toBe(false); // 15 s after b SAW the renewal, not after its renewTime
    time.clock.advance(1);
    expect(await b.leading()).toBe(true);
    expect(await a.leading()).toBe(false);
    const lease = await h.coordination.readNamespacedLease({ name: 'infscale-infadapter', namespace: h.namespace });
    expect(lease.spec).toMatchObject({ holderIdentity: 'scaler-b', leaseTransitions: 1, leaseDurationSeconds: 15 });
    // The API server stored the six-digit MicroTime it demands (client-node would send three and get a 400).
    const stored = h.proxy.requests.filter((r) => r.method === 'PUT' && r.path.includes('/leases/') && r.user === h.userOf('scaler-b'));
    expect((stored.at(-1)?.body as { spec: { renewTime: string } }).spec.renewTime).toMatch(/\.\d{6}Z$/);
  });

  it('dry run logs every write and changes nothing', async () => {
    const actuator = await created();
    // Its pod running first: an in-place resize of a deployment with no pod yet has nothing to resize (no line).
    expect(await runPlan(actuator, { reason: 'ready', actions: [{ type: 'await-ready', names: ['ipa-yolo'] }] })).toEqual({ busy: false });
    const logger = memoryLogger();
    const dry = await h.actuator({ dryRun: true, leaderElection: { enabled: true } }, { logger, identity: 'dry' });
    await dry.submit({
      reason: 'what if',
      actions: [
        { type: 'create', spec: { ...spec, name: 'ipa-yolo-x', variant: 'yolov5x' } },
        { type: 'await-ready', names: ['ipa-yolo-x'] },
        { type: 'scale', name: 'ipa-yolo', replicas: 5 },
        { type: 'resize', name: 'ipa-yolo', cores: 4, mode: 'in-place' },
        { type: 'route', routing: { stage: 'detect', weights: { 'ipa-yolo-x': 1 } } },
        { type: 'delete', name: 'ipa-yolo' },
      ],
    });
    await dry.whenIdle();
    expect(dry.status()).toEqual({ busy: false });
    expect(h.proxy.requestsOf(h.userOf('dry')).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(logger.lines.filter((l) => l.message.startsWith('dry-run: would')).map((l) => l.message)).toEqual([
      'dry-run: would create deployment',
      'dry-run: would record event',
      'dry-run: would wait until ready',
      'dry-run: would scale deployment',
      'dry-run: would record event',
      'dry-run: would resize pod',
      'dry-run: would patch deployment',
      'dry-run: would record event',
      'dry-run: would patch configmap',
      'dry-run: would record event',
      'dry-run: would delete deployment',
      'dry-run: would record event',
    ]);
    expect((await actuator.current()).deployments.map((d) => [d.name, d.replicas, d.cores])).toEqual([['ipa-yolo', 1, 2]]);
  });

  it('records HPA-style events on the scaled deployment', async () => {
    const actuator = await created();
    await runPlan(actuator, { reason: 'predicted load 120 req/s', actions: [{ type: 'scale', name: 'ipa-yolo', replicas: 3 }] });
    const rescale = (await h.events()).find((e) => e.reason === 'SuccessfulRescale' && e.source?.component === 'infscale-infadapter')!;
    expect(rescale).toMatchObject({
      type: 'Normal',
      message: 'New size: 3; reason: predicted load 120 req/s',
      involvedObject: { kind: 'Deployment', name: 'ipa-yolo', namespace: h.namespace, apiVersion: 'apps/v1' },
      source: { component: 'infscale-infadapter' },
    });
  });
});
