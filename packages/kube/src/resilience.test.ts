import { StandbyError, type DeploymentSpec } from '@infscale/core';
import { NAMESPACE, memoryLogger, startHarness } from './test-support/harness';

type Harness = Awaited<ReturnType<typeof startHarness>>;

const spec: DeploymentSpec = { name: 'ipa-yolo', variant: 'yolov5s', stage: 'detect', replicas: 1, cores: 2, batch: 1 };
const DEPLOYMENT = { resource: 'deployments', group: 'apps', kind: 'Deployment' };

describe('retries, leader election and dry run', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ readyDelayMs: 0 });
  });
  afterEach(() => h.close());

  async function created() {
    const actuator = h.actuator();
    await actuator.submit({ reason: 'start', actions: [{ type: 'create', spec }] });
    await actuator.whenIdle();
    return actuator;
  }

  it('on a genuine 409 (stale resourceVersion) re-reads and re-applies', async () => {
    const actuator = await created();
    let raced = false;
    h.server.onRequest((r) => {
      // A concurrent writer changes the deployment between our read and our patch, once.
      if (r.method === 'PATCH' && r.path.endsWith('/deployments/ipa-yolo') && !raced) {
        raced = true;
        const d = h.server.store.find('deployments', NAMESPACE, 'ipa-yolo')!;
        h.server.store.update(DEPLOYMENT, { ...d, metadata: { ...d.metadata, annotations: { ...d.metadata.annotations, touched: 'yes' } } });
      }
    });
    await actuator.submit({ reason: 'batch', actions: [{ type: 'set-batch', name: 'ipa-yolo', batch: 4 }] });
    await actuator.whenIdle();
    expect(actuator.status()).toEqual({ busy: false });
    const calls = h.server.requests.filter((r) => r.path.endsWith('/deployments/ipa-yolo')).map((r) => `${r.method} ${r.code}`);
    expect(calls).toEqual(['GET 200', 'PATCH 409', 'GET 200', 'PATCH 200']);
    const stored = h.server.store.find('deployments', NAMESPACE, 'ipa-yolo')!;
    expect(stored.metadata.annotations?.touched).toBe('yes'); // the other writer's change survives
    expect((await actuator.current()).deployments[0]!.batch).toBe(4);
  });

  it('honours Retry-After on 429 and retries 5xx with backoff', async () => {
    const actuator = await created();
    h.server.faults.add({ method: 'PATCH', path: /\/scale$/, effect: { kind: 'too-many-requests', retryAfterSeconds: 3 } });
    h.server.faults.add({ method: 'PATCH', path: /\/scale$/, effect: { kind: 'server-error', code: 503 } });
    await actuator.submit({ reason: 'load', actions: [{ type: 'scale', name: 'ipa-yolo', replicas: 2 }] });
    await actuator.whenIdle();
    expect(actuator.status()).toEqual({ busy: false });
    expect(h.server.requests.filter((r) => r.path.endsWith('/scale')).map((r) => r.code)).toEqual([429, 503, 200]);
    // Retry-After (3 s) beats the 150 ms jittered backoff; the 503 then backs off 300 ms (attempt 2, jitter 0.5).
    expect(h.slept).toEqual([3_000, 300]);
  });

  it('gives up after maxAttempts and reports the last error', async () => {
    const actuator = h.actuator({ retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 } });
    h.server.faults.add({ method: 'POST', path: /\/deployments$/, times: 5, effect: { kind: 'server-error' } });
    await actuator.submit({ reason: 'start', actions: [{ type: 'create', spec }] });
    await actuator.whenIdle();
    expect(actuator.status().lastError).toMatch(/step 0 \(create\): 500: Internal error occurred/);
    expect(h.server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/deployments'))).toHaveLength(3);
  });

  it('survives a slow answer', async () => {
    const actuator = await created();
    h.server.faults.add({ method: 'GET', path: /\/deployments$/, effect: { kind: 'slow', delayMs: 50 } });
    expect((await actuator.current()).deployments).toHaveLength(1);
  });

  it('lets only one of two actuators act: the other takes over a full lease duration after it last saw the lease renewed', async () => {
    const election = { enabled: true, leaseDurationSeconds: 15 };
    const a = h.actuator({ leaderElection: { ...election, identity: 'scaler-a' } });
    const b = h.actuator({ leaderElection: { ...election, identity: 'scaler-b' } });
    expect(await a.leading()).toBe(true);
    expect(await b.leading()).toBe(false); // b first sees a's lease now (t0)
    const refused = b.submit({ reason: 'b', actions: [{ type: 'create', spec }] });
    await expect(refused).rejects.toThrow(/scaler-b is not the leader/);
    // The controller loop turns this into a standby hold, not an error.
    await expect(refused).rejects.toBeInstanceOf(StandbyError);
    expect(h.server.store.find('deployments', NAMESPACE, 'ipa-yolo')).toBeUndefined();

    h.clock.advance(10_000);
    expect(await a.leading()).toBe(true); // t0+10: a renews
    h.clock.advance(10_000);
    expect(await b.leading()).toBe(false); // t0+20: b sees the renewal now
    // a's own view: no renewal for 10 s (its renew deadline), so it has stopped acting already.
    expect(() => a.assertLeader()).toThrow(/scaler-a is not the leader/);
    h.clock.advance(14_999);
    expect(await b.leading()).toBe(false); // 15 s after b SAW the renewal, not after its renewTime
    h.clock.advance(1);
    expect(await b.leading()).toBe(true);
    expect(await a.leading()).toBe(false);
    const lease = h.server.store.find('leases', NAMESPACE, 'infscale-infadapter')!;
    expect(lease.spec).toMatchObject({ holderIdentity: 'scaler-b', leaseTransitions: 1, leaseDurationSeconds: 15 });
    expect((lease.spec as { renewTime: string }).renewTime).toMatch(/\.\d{6}Z$/);
  });

  it('dry run logs every write and changes nothing', async () => {
    const actuator = await created();
    const logger = memoryLogger();
    const dry = h.actuator({ dryRun: true, leaderElection: { enabled: true } }, logger);
    const writesBefore = h.server.requests.filter((r) => r.method !== 'GET').length;
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
    expect(h.server.requests.filter((r) => r.method !== 'GET').length).toBe(writesBefore);
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
    await actuator.submit({ reason: 'predicted load 120 req/s', actions: [{ type: 'scale', name: 'ipa-yolo', replicas: 3 }] });
    await actuator.whenIdle();
    const events = h.server.store.list('events', NAMESPACE);
    const rescale = events.find((e) => e.reason === 'SuccessfulRescale')!;
    expect(rescale).toMatchObject({
      type: 'Normal',
      message: 'New size: 3; reason: predicted load 120 req/s',
      involvedObject: { kind: 'Deployment', name: 'ipa-yolo', namespace: NAMESPACE, apiVersion: 'apps/v1' },
      source: { component: 'infscale-infadapter' },
    });
  });
});
