import { AppsV1Api, CoordinationV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type V1Deployment } from '@kubernetes/client-node';
import { ManualClock } from '@infscale/core';
import { FakeApiServer } from './fake-apiserver';

const ns = 'fake';

function deployment(name = 'web', over: Partial<V1Deployment> = {}): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'img', resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } }] },
      },
    },
    ...over,
  };
}

/** What client-node throws, reduced to the HTTP code and the Status reason. */
async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const e = err as { code: number; body: string };
    const body = JSON.parse(e.body) as { reason: string; message: string };
    return `${e.code} ${body.reason}: ${body.message}`;
  }
  throw new Error('expected a failure');
}

describe('FakeApiServer through client-node', () => {
  let server: FakeApiServer;
  let apps: AppsV1Api;
  let core: CoreV1Api;
  let coordination: CoordinationV1Api;
  const clock = new ManualClock(1_700_000_000_000);

  beforeEach(async () => {
    server = await new FakeApiServer({ clock, readyDelayMs: 2_000 }).start();
    const kc = server.kubeConfig(ns);
    apps = kc.makeApiClient(AppsV1Api);
    core = kc.makeApiClient(CoreV1Api);
    coordination = kc.makeApiClient(CoordinationV1Api);
  });
  afterEach(() => server.close());

  it('creates, lists by label selector, and rejects a duplicate', async () => {
    await apps.createNamespacedDeployment({ namespace: ns, body: deployment('a') });
    await apps.createNamespacedDeployment({ namespace: ns, body: deployment('b', { metadata: { name: 'b', labels: { app: 'b', tier: 'x' } } }) });
    expect((await apps.listNamespacedDeployment({ namespace: ns, labelSelector: 'tier=x' })).items.map((d) => d.metadata?.name)).toEqual(['b']);
    expect((await apps.listNamespacedDeployment({ namespace: ns, labelSelector: 'app in (a,b),!tier' })).items.map((d) => d.metadata?.name)).toEqual(['a']);
    expect(await failure(apps.createNamespacedDeployment({ namespace: ns, body: deployment('a') }))).toBe('409 AlreadyExists: deployments.apps "a" already exists');
  });

  it('rejects what the API server rejects', async () => {
    const bad = (body: unknown) => failure(apps.createNamespacedDeployment({ namespace: ns, body: body as V1Deployment }));
    expect(await bad({ ...deployment(), metadata: {} })).toMatch(/^422 Invalid: .*metadata.name: Required value: name or generateName is required/);
    expect(await bad({ ...deployment(), kind: 'ConfigMap' })).toMatch(/^400 BadRequest: ConfigMap .*cannot be handled as a Deployment/);
    expect(await bad({ ...deployment(), metadata: { name: 'x', namespace: 'other' } })).toMatch(/^400 BadRequest: the namespace of the provided object does not match/);
    const d = deployment();
    d.spec!.selector = { matchLabels: { app: 'other' } };
    expect(await bad(d)).toMatch(/^422 Invalid: .*`selector` does not match template `labels`/);
    const e = deployment();
    e.spec!.template.spec!.containers[0]!.env = [{ name: 'N', value: 8 as unknown as string }];
    expect(await bad(e)).toMatch(/^400 BadRequest: .*cannot unmarshal number into Go struct field EnvVar.value of type string/);
    const r = deployment();
    r.spec!.template.spec!.containers[0]!.resources = { requests: { cpu: '2' }, limits: { cpu: '1' } };
    expect(await bad(r)).toMatch(/^422 Invalid: .*must be less than or equal to cpu limit/);
    expect(await bad({ ...deployment(), metadata: { name: 'Bad_Name' } })).toMatch(/^422 Invalid: .*metadata.name: Invalid value: "Bad_Name"/);
  });

  it('patches with each content type and answers 409 to a stale resourceVersion', async () => {
    const created = await apps.createNamespacedDeployment({ namespace: ns, body: deployment() });
    const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    const strategic = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
    await apps.patchNamespacedDeployment({ name: 'web', namespace: ns, body: { metadata: { annotations: { a: '1' } } } }, merge);
    // Strategic merge keys containers by name: the image changes, resources stay.
    const s = await apps.patchNamespacedDeployment({ name: 'web', namespace: ns, body: { spec: { template: { spec: { containers: [{ name: 'c', image: 'img:2' }] } } } } }, strategic);
    expect(s.spec?.template.spec?.containers[0]).toMatchObject({ image: 'img:2', resources: { limits: { cpu: '1' } } });
    expect(s.metadata?.generation).toBe(2);
    // Default content type of client-node: JSON patch.
    const j = await apps.patchNamespacedDeployment({ name: 'web', namespace: ns, body: [{ op: 'replace', path: '/spec/replicas', value: 3 }] });
    expect(j.spec?.replicas).toBe(3);
    expect(await failure(apps.patchNamespacedDeployment({ name: 'web', namespace: ns, body: [{ op: 'test', path: '/spec/replicas', value: 9 }] }))).toMatch(/^422 /);
    expect(await failure(apps.patchNamespacedDeployment({ name: 'web', namespace: ns, body: { metadata: { resourceVersion: created.metadata?.resourceVersion } } }, merge))).toMatch(
      /^409 Conflict: Operation cannot be fulfilled on deployments.apps "web": the object has been modified/,
    );
    expect(await failure(apps.patchNamespacedDeployment({ name: 'web', namespace: ns, body: { spec: { selector: { matchLabels: { app: 'x' } } } } }, merge))).toMatch(/^422 Invalid: .*field is immutable/);
  });

  it('runs pods for replicas, makes them ready after the delay, and serves the scale subresource', async () => {
    await apps.createNamespacedDeployment({ namespace: ns, body: deployment() });
    await apps.patchNamespacedDeploymentScale({ name: 'web', namespace: ns, body: { spec: { replicas: 2 } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    let d = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    expect(d.status).toMatchObject({ replicas: 2, updatedReplicas: 2 });
    expect(d.status?.readyReplicas).toBeUndefined(); // omitempty, as the real server
    clock.advance(2_000);
    d = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    expect(d.status).toMatchObject({ readyReplicas: 2, availableReplicas: 2, observedGeneration: 2 });
    const scale = await apps.readNamespacedDeploymentScale({ name: 'web', namespace: ns });
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 2 }, status: { replicas: 2, selector: 'app=web' } });
    expect(await failure(apps.patchNamespacedDeploymentScale({ name: 'web', namespace: ns, body: { spec: { replicas: -1 } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch)))).toMatch(
      /^422 Invalid: Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1/,
    );
    expect((await core.listNamespacedPod({ namespace: ns, labelSelector: 'app=web' })).items).toHaveLength(2);
  });

  it('pods/resize accepts only container cpu/memory changes and keeps the QoS class', async () => {
    await apps.createNamespacedDeployment({ namespace: ns, body: deployment() });
    const pod = (await core.listNamespacedPod({ namespace: ns })).items[0]!;
    const name = pod.metadata!.name!;
    const sm = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
    const resize = (body: object) => core.patchNamespacedPodResize({ name, namespace: ns, body }, sm);
    expect(await failure(resize({ spec: { containers: [{ name: 'c', image: 'other' }] } }))).toMatch(/^422 Invalid: Pod "web-.*" is invalid: spec: Forbidden: only cpu and memory resources/);
    expect(await failure(resize({ metadata: { labels: { x: 'y' } } }))).toMatch(/^422 Invalid: .*Forbidden/);
    expect(await failure(resize({ spec: { containers: [{ name: 'c', resources: { requests: { cpu: '500m' } } }] } }))).toMatch(/Pod QOS Class may not change/);
    const ok = await resize({ spec: { containers: [{ name: 'c', resources: { requests: { cpu: '2' }, limits: { cpu: '2' } } }] } });
    expect(ok.metadata?.generation).toBe(2);
    expect(await failure(core.patchNamespacedPod({ name, namespace: ns, body: { metadata: { labels: { x: 'y' } } } }, sm))).toMatch(/^405 /);
  });

  it('pods/status merges conditions by type, keeps spec, and Ready waits for every readiness gate', async () => {
    const gated = deployment();
    gated.spec!.template.spec!.readinessGates = [{ conditionType: 'example.com/warm' }];
    await apps.createNamespacedDeployment({ namespace: ns, body: gated });
    clock.advance(2_000); // containers ready
    const name = (await core.listNamespacedPod({ namespace: ns })).items[0]!.metadata!.name!;
    const sm = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
    const status = (body: object) => core.patchNamespacedPodStatus({ name, namespace: ns, body }, sm);
    const ready = async () => (await core.readNamespacedPod({ name, namespace: ns })).status?.conditions?.find((c) => c.type === 'Ready');
    expect(await ready()).toMatchObject({ status: 'False', reason: 'ReadinessGatesNotReady', message: 'corresponding condition of pod readiness gate "example.com/warm" does not exist.' });
    expect((await apps.readNamespacedDeployment({ name: 'web', namespace: ns })).status?.readyReplicas).toBeUndefined();
    const patched = await status({ spec: { containers: [{ name: 'c', image: 'other' }] }, status: { conditions: [{ type: 'example.com/warm', status: 'False', reason: 'Cold' }] } });
    expect(patched.spec?.containers[0]?.image).toBe('img'); // the status subresource ignores spec
    expect(patched.status?.conditions?.map((c) => c.type).sort()).toEqual(['ContainersReady', 'PodScheduled', 'Ready', 'example.com/warm']); // merged by type
    expect(await ready()).toMatchObject({ status: 'False', message: 'the status of pod readiness gate "example.com/warm" is not "True", but False' });
    await status({ status: { conditions: [{ type: 'example.com/warm', status: 'True', reason: 'Warm' }] } });
    expect(await ready()).toMatchObject({ status: 'True' });
    expect((await apps.readNamespacedDeployment({ name: 'web', namespace: ns })).status?.readyReplicas).toBe(1);
    expect(await failure(status({ status: { conditions: [{ type: 'example.com/warm', status: 'Maybe' }] } }))).toMatch(/^422 Invalid: .*status.conditions\[\d\].status: Invalid value: "Maybe"/);
    expect(await failure(status({ status: { conditions: [{ type: 'bad type!', status: 'True' }] } }))).toMatch(/^422 Invalid: .*type: Invalid value: "bad type!"/);
  });

  it('answers 415 to an unsupported patch type and 404 to an unknown object', async () => {
    await apps.createNamespacedDeployment({ namespace: ns, body: deployment() });
    expect(await failure(apps.patchNamespacedDeployment({ name: 'web', namespace: ns, body: {} }, setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply)))).toMatch(/^415 UnsupportedMediaType/);
    expect(await failure(apps.readNamespacedDeployment({ name: 'nope', namespace: ns }))).toBe('404 NotFound: deployments.apps "nope" not found');
  });

  it('stores leases only with MicroTime of six fractional digits', async () => {
    const body = (t: string) => ({ metadata: { name: 'l' }, spec: { holderIdentity: 'a', renewTime: t as unknown as Date } });
    expect(await failure(coordination.createNamespacedLease({ namespace: ns, body: body('2024-01-01T00:00:00.123Z') }))).toMatch(/^400 BadRequest: .*2006-01-02T15:04:05.000000Z07:00/);
    const created = await coordination.createNamespacedLease({ namespace: ns, body: body('2024-01-01T00:00:00.123000Z') });
    const stale = { ...created, spec: { ...created.spec, holderIdentity: 'b' } };
    await coordination.replaceNamespacedLease({ name: 'l', namespace: ns, body: stale });
    expect(await failure(coordination.replaceNamespacedLease({ name: 'l', namespace: ns, body: stale }))).toMatch(/^409 Conflict/);
  });

  it('injects 429 with Retry-After', async () => {
    server.faults.add({ effect: { kind: 'too-many-requests', retryAfterSeconds: 2 } });
    try {
      await core.listNamespacedConfigMap({ namespace: ns });
      throw new Error('expected 429');
    } catch (err) {
      const e = err as { code: number; headers: Record<string, string> };
      expect(e.code).toBe(429);
      expect(e.headers['retry-after']).toBe('2');
    }
  });
});
