import path from 'node:path';
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api, type V1PolicyRule } from '@kubernetes/client-node';
import type { TestControlPlane } from './control-plane';
import { writeKubeconfig } from './kubeconfig';

export interface ServiceAccountAccess {
  kubeconfigPath: string;
  kubeConfig: KubeConfig;
  token: string;
  /** system:serviceaccount:<namespace>:<name>, as the authorizer and the audit log see it. */
  username: string;
}

/** The user name the API server gives a ServiceAccount's tokens. */
export const serviceAccountUser = (namespace: string, sa: string) => `system:serviceaccount:${namespace}:${sa}`;

/**
 * A kubeconfig that authenticates as ServiceAccount `sa` of `namespace` with a token from the
 * TokenRequest API, so the real RBAC authorizer judges every call by that account's roles.
 * `server` overrides the address (a proxy in front of the API server; plain http needs no CA).
 */
export async function serviceAccountKubeconfig(
  cp: TestControlPlane,
  namespace: string,
  sa: string,
  options: { expirationSeconds?: number; server?: string; file?: string } = {},
): Promise<ServiceAccountAccess> {
  const core = cp.kubeConfig.makeApiClient(CoreV1Api);
  const request = await core.createNamespacedServiceAccountToken({
    name: sa,
    namespace,
    body: { spec: { audiences: [], expirationSeconds: options.expirationSeconds ?? 3600 } },
  });
  const token = request.status?.token;
  if (!token) throw new Error(`TokenRequest for serviceaccount ${namespace}/${sa} returned no token`);
  const server = options.server ?? cp.server;
  const username = serviceAccountUser(namespace, sa);
  const kubeconfigPath = writeKubeconfig(
    options.file ?? path.join(cp.stateDir, 'kubeconfigs', `sa-${namespace}-${sa}${options.server ? '-proxied' : ''}.kubeconfig`),
    {
      server,
      ...(server.startsWith('https:') ? { caCert: cp.caCert } : {}),
      user: username,
      credentials: { token },
      namespace,
    },
  );
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  return { kubeconfigPath, kubeConfig, token, username };
}

/** Every verb on every resource of the namespace, and nothing outside it: for tests of the actuator itself (the chart's Role is tested elsewhere). */
export const NAMESPACE_ADMIN_RULES: V1PolicyRule[] = [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }];

/** Creates ServiceAccount `sa` in `namespace` with a Role of `rules` bound to it. */
export async function createServiceAccount(cp: TestControlPlane, namespace: string, sa: string, rules: V1PolicyRule[] = NAMESPACE_ADMIN_RULES): Promise<void> {
  const core = cp.kubeConfig.makeApiClient(CoreV1Api);
  const rbac = cp.kubeConfig.makeApiClient(RbacAuthorizationV1Api);
  await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: sa } } });
  await rbac.createNamespacedRole({ namespace, body: { metadata: { name: sa }, rules } });
  await rbac.createNamespacedRoleBinding({
    namespace,
    body: {
      metadata: { name: sa },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: sa },
      subjects: [{ kind: 'ServiceAccount', name: sa, namespace }],
    },
  });
}
