import { CoreV1Api } from '@kubernetes/client-node';
import type { TestControlPlane } from './control-plane';
import { TEST_LABEL, uniqueName } from './names';
import { nodeManifest, nodeReady, poolNamespaceAnnotations, poolNode, type NodeSpec } from './nodes';
import { until } from './until';

/** A node of a test namespace: its CPU, and a name suffix (the node is `<namespace>-<suffix>`). */
export interface PoolNodeOptions {
  cpu: string;
  suffix?: string;
}

export interface TestNamespace {
  name: string;
  /** The names of the namespace's own nodes, in the order registered. */
  nodes: string[];
  /** Registers another node of the namespace's pool and waits until it is Ready and untainted. */
  addNode(node: PoolNodeOptions): Promise<string>;
  /** Deletes the namespace (the namespace controller removes what is in it) and its nodes. */
  delete(): Promise<void>;
}

/** Registers a Node the kubelet stand-in serves, and waits until the node lifecycle controller lifted its not-ready taint. */
export async function registerNode(cp: TestControlPlane, spec: NodeSpec): Promise<void> {
  const core = cp.kubeConfig.makeApiClient(CoreV1Api);
  await core.createNode({ body: nodeManifest(spec) });
  await until(`node ${spec.name} to be Ready and untainted`, async () => (nodeReady(await core.readNode({ name: spec.name })) ? true : undefined), {
    timeoutMs: 30_000,
    intervalMs: 50,
  });
}

/**
 * A namespace of its own for a test, with nodes of its own (default: one of 32 cores): every pod
 * created in it lands on them (the namespace's PodNodeSelector and PodTolerationRestriction
 * annotations), and no other test's pod does (their taint). `nodes: []` gives none: its pods then
 * stay Pending.
 */
export async function createTestNamespace(
  cp: TestControlPlane,
  prefix: string,
  options: { nodes?: PoolNodeOptions[]; exactName?: boolean } = {},
): Promise<TestNamespace> {
  const core = cp.kubeConfig.makeApiClient(CoreV1Api);
  // exactName: `prefix` is already unique (e.g. uniqueName() at module load, when tests need the name while Jest collects them).
  const name = options.exactName ? prefix : uniqueName(prefix);
  await core.createNamespace({
    body: { metadata: { name, labels: { [TEST_LABEL]: prefix.slice(0, 63).replace(/[^A-Za-z0-9._-]/g, '-') }, annotations: poolNamespaceAnnotations(name) } },
  });
  const nodes: string[] = [];
  const addNode = async (node: PoolNodeOptions) => {
    const nodeName = `${name}-${node.suffix ?? String(nodes.length + 1)}`;
    await registerNode(cp, poolNode(name, nodeName, node.cpu));
    nodes.push(nodeName);
    return nodeName;
  };
  for (const node of options.nodes ?? [{ cpu: '32' }]) await addNode(node);
  return {
    name,
    nodes,
    addNode,
    delete: async () => {
      await core.deleteNamespace({ name }).catch(() => undefined);
      await Promise.all(nodes.map((n) => core.deleteNode({ name: n }).catch(() => undefined)));
    },
  };
}
