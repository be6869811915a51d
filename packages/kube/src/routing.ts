import type { Routing } from '@infscale/core';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { isNotFound } from './api-error';
import { ROUTING_CONFIGMAP } from './conventions';
import { adminUrl, postJson } from './http-post';
import type { KubeApi } from './kube-client';

/**
 * Routing quotas live in the ConfigMap "infscale-routing": one key per stage, the value a JSON
 * {"weights": {"<deployment>": <integer quota>}}. Dispatchers watch it (or read the mounted file).
 */
export function routingFromConfigMap(cm: V1ConfigMap | undefined): Routing[] {
  const out: Routing[] = [];
  for (const [stage, text] of Object.entries(cm?.data ?? {})) {
    try {
      const parsed = JSON.parse(text) as { weights?: Record<string, number> };
      if (parsed.weights && typeof parsed.weights === 'object') out.push({ stage, weights: parsed.weights });
    } catch {
      // A hand-edited, unreadable key is not a routing the scaler published: skip it.
    }
  }
  return out.sort((a, b) => a.stage.localeCompare(b.stage));
}

export async function readRouting(api: KubeApi): Promise<Routing[]> {
  try {
    return routingFromConfigMap(await api.readConfigMap(ROUTING_CONFIGMAP));
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}

/** Writes one stage's key, creating the ConfigMap the first time; a merge patch leaves other stages alone. */
export async function publishToConfigMap(api: KubeApi, routing: Routing, labels: Record<string, string>): Promise<void> {
  const value = JSON.stringify({ weights: routing.weights });
  try {
    await api.patchConfigMap(ROUTING_CONFIGMAP, { data: { [routing.stage]: value } });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await api.createConfigMap({ metadata: { name: ROUTING_CONFIGMAP, namespace: api.namespace, labels }, data: { [routing.stage]: value } });
  }
}

/**
 * POST {baseUrl}/admin/quotas with {"weights": …}: the dispatcher applies it at once. Non-2xx throws
 * with its code. tokenFile: the admin token the dispatcher's admin port wants (kubernetes.adminTokenFile).
 */
export function postQuotas(baseUrl: string, weights: Record<string, number>, options: { timeoutMs?: number; tokenFile?: string } = {}): Promise<void> {
  return postJson(adminUrl(baseUrl, 'admin/quotas'), { weights }, options.timeoutMs ?? 5_000, 'dispatcher', options.tokenFile);
}
