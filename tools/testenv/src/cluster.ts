import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { apiserverUrl, paths } from './components';
import type { ControlPlane } from './control-plane';
import { writeKubeconfig } from './kubeconfig';
import { nodeManifest, type NodeSpec } from './kubelet/node-registration';

/** Marks what tests create, so a look at the cluster tells test objects apart. */
export const TEST_LABEL = 'testenv.infscale.io/test';

/** A unique, valid name: `<prefix>-<8 hex>` (lower case, at most 63 characters). */
export function uniqueName(prefix: string): string {
  const base = prefix.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'test';
  return `${base}-${randomBytes(4).toString('hex')}`;
}

/** Creates a namespace of its own for a test and returns its name. */
export async function createNamespace(cp: ControlPlane, prefix: string): Promise<string> {
  const name = uniqueName(prefix);
  await cp.kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name, labels: { [TEST_LABEL]: prefix.slice(0, 63).replace(/[^A-Za-z0-9._-]/g, '-') } } } });
  return name;
}

export interface ServiceAccountAccess {
  kubeconfigPath: string;
  kubeConfig: KubeConfig;
  token: string;
}

/**
 * A kubeconfig that authenticates as ServiceAccount `sa` of `namespace` with a token from the
 * TokenRequest API, so the real RBAC authorizer judges every call by that account's roles.
 */
export async function serviceAccountKubeconfig(cp: ControlPlane, namespace: string, sa: string, expirationSeconds = 3600): Promise<ServiceAccountAccess> {
  const core = cp.kubeConfig.makeApiClient(CoreV1Api);
  const request = await core.createNamespacedServiceAccountToken({ name: sa, namespace, body: { spec: { audiences: [], expirationSeconds } } });
  const token = request.status?.token;
  if (!token) throw new Error(`TokenRequest for serviceaccount ${namespace}/${sa} returned no token`);
  const p = paths(cp.layout);
  const kubeconfigPath = writeKubeconfig(path.join(cp.layout.stateDir, 'kubeconfigs', `sa-${namespace}-${sa}.kubeconfig`), {
    server: apiserverUrl(cp.layout),
    caCert: p.caCert,
    user: `system:serviceaccount:${namespace}:${sa}`,
    credentials: { token },
    namespace,
  });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  return { kubeconfigPath, kubeConfig, token };
}

/**
 * Registers a Node the kubelet stand-in serves from then on (Ready within a second or two, once
 * the node lifecycle controller lifts the not-ready taint). Give it a taint to keep other pods off.
 */
export async function registerNode(cp: ControlPlane, spec: NodeSpec): Promise<void> {
  await cp.kubeConfig.makeApiClient(CoreV1Api).createNode({ body: nodeManifest(spec) });
}
