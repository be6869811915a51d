import { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type V1Pod } from '@kubernetes/client-node';
import { describeFailure } from '@infscale/kube';
import { createTestNamespace, helm, testControlPlane, until, upEndpoint, type TestControlPlane, type TestNamespace } from '@infscale/kube/testing';

/**
 * The control plane end to end: a Deployment through the real deployment and ReplicaSet
 * controllers, scheduler and the kubelet stand-in; in-place resizes through the real pods/resize
 * subresource and its admission; helm. The test owns a namespace whose pods the API server's
 * admission sends to the namespace's own 4-core node (tainted, so no other test's pods land on it),
 * and removes both.
 */

let cp: TestControlPlane;
let core: CoreV1Api;
let ns: TestNamespace;
let namespace: string;
let node: string;

beforeAll(async () => {
  cp = await testControlPlane();
  core = cp.kubeConfig.makeApiClient(CoreV1Api);
  ns = await createTestNamespace(cp, 'smoke', { nodes: [{ cpu: '4' }] });
  namespace = ns.name;
  node = ns.nodes[0]!;
});

afterAll(() => ns?.delete());

const RESIZE = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);

function resize(name: string, cpu: string): Promise<V1Pod> {
  const body = { spec: { containers: [{ name: 'server', resources: { requests: { cpu }, limits: { cpu } } }] } };
  return core.patchNamespacedPodResize({ name, namespace, body }, RESIZE);
}

function readPod(name: string): Promise<V1Pod> {
  return core.readNamespacedPod({ name, namespace });
}

const conditionOf = (pod: V1Pod, type: string) => pod.status?.conditions?.find((c) => c.type === type);
const statusCpu = (pod: V1Pod) => pod.status?.containerStatuses?.[0]?.resources?.requests?.cpu;
const describePod = (pod: V1Pod | undefined) =>
  JSON.stringify({
    conditions: pod?.status?.conditions?.map((c) => `${c.type}=${c.status} ${c.reason ?? ''}`),
    resources: pod?.status?.containerStatuses?.[0]?.resources,
  });

/** Waits until the pod's status resources show `cpu` with no resize condition left, recording every resize condition seen on the way. */
async function resizeDone(name: string, cpu: string, seen: Set<string>): Promise<V1Pod> {
  let last: V1Pod | undefined;
  return until(
    `pod ${name} to run with cpu ${cpu}`,
    async () => {
      last = await readPod(name);
      for (const c of last.status?.conditions ?? []) if (c.type.startsWith('PodResize')) seen.add(`${c.type}${c.reason ? `/${c.reason}` : ''}`);
      const done = statusCpu(last) === cpu && !conditionOf(last, 'PodResizeInProgress') && !conditionOf(last, 'PodResizePending');
      return done ? last : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 50, describe: () => describePod(last) },
  );
}

let pods: string[] = [];

test('the control plane is the pinned release: kube-apiserver >= v1.35, etcd v3, helm v4', () => {
  expect(cp.line).toMatch(/^control plane: kube-apiserver v1\.(3[5-9]|[4-9]\d)\.\d+, etcd v3\.\d+\.\d+, helm v4\.\d+\.\d+$/);
});

test('another testenv up reuses the running control plane', () => {
  expect(upEndpoint().server).toBe(cp.server);
});

test('a Deployment becomes Ready through the deployment controller, the scheduler and the kubelet stand-in', async () => {
  const apps = cp.kubeConfig.makeApiClient(AppsV1Api);
  const labels = { app: 'server' };
  await apps.createNamespacedDeployment({
    namespace,
    body: {
      metadata: { name: 'server' },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'server',
                image: 'registry.invalid/model-server:1',
                resources: { requests: { cpu: '1', memory: '256Mi' }, limits: { cpu: '1', memory: '256Mi' } },
                resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }],
              },
            ],
          },
        },
      },
    },
  });
  const ready = await until('2 ready replicas', async () => {
    const d = await apps.readNamespacedDeployment({ name: 'server', namespace });
    return d.status?.readyReplicas === 2 && d.status.availableReplicas === 2 ? d : undefined;
  });
  expect(ready.status?.updatedReplicas).toBe(2);
  const list = await core.listNamespacedPod({ namespace, labelSelector: 'app=server' });
  expect(list.items.map((p) => [p.spec?.nodeName, p.status?.phase, conditionOf(p, 'Ready')?.status])).toEqual([
    [node, 'Running', 'True'],
    [node, 'Running', 'True'],
  ]);
  pods = list.items.map((p) => p.metadata!.name!);
});

test('an in-place resize through pods/resize is followed: PodResizeInProgress, then the new resources in status', async () => {
  const seen = new Set<string>();
  const patched = await resize(pods[0]!, '2');
  expect(patched.spec?.containers[0]?.resources?.requests?.cpu).toBe('2');
  const done = await resizeDone(pods[0]!, '2', seen);
  expect([...seen]).toEqual(['PodResizeInProgress']);
  expect(done.status?.containerStatuses?.[0]?.allocatedResources?.cpu).toBe('2');
  expect(done.status?.observedGeneration).toBe(done.metadata?.generation);
});

test('a resize beyond the node allocatable is refused by the API server (PodResizeValidator admission, 403, cause NodeCapacity)', async () => {
  const failure = await resize(pods[1]!, '5').then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(failure).toBeDefined();
  const described = describeFailure(failure);
  expect(described.code).toBe(403);
  expect(described.message).toContain("node didn't have enough allocatable resources: cpu, requested: 5000, allocatable: 4000");
  expect(JSON.stringify((failure as { body?: unknown }).body)).toContain('NodeCapacity');
  const pod = await readPod(pods[1]!);
  expect(pod.spec?.containers[0]?.resources?.requests?.cpu).toBe('1');
});

test('a resize that does not fit beside the other pod is Deferred, and goes through once room frees', async () => {
  // 2 cores + 1 core held on the 4-core node; 2500m beside the other pod's 2 does not fit.
  await resize(pods[1]!, '2500m');
  const deferred = await until('PodResizePending/Deferred', async () => {
    const pod = await readPod(pods[1]!);
    return conditionOf(pod, 'PodResizePending')?.reason === 'Deferred' ? pod : undefined;
  });
  expect(conditionOf(deferred, 'PodResizePending')?.message).toBe("Node didn't have enough resource: cpu, requested: 2500, used: 2000, capacity: 4000");
  expect(statusCpu(deferred)).toBe('1');
  await resize(pods[0]!, '1');
  const seen = new Set<string>();
  await resizeDone(pods[1]!, '2500m', seen);
  expect(seen.has('PodResizeInProgress')).toBe(true);
});

test('helm runs against the control plane', async () => {
  const version = await helm(cp, ['version', '--template', '{{.Version}}']);
  expect(version.stdout).toBe(cp.versions.helm);
  const releases = await helm(cp, ['list', '--namespace', namespace, '--output', 'json']);
  expect(JSON.parse(releases.stdout)).toEqual([]);
});
