/**
 * Reads the API calls of packages/kube's client seam (kube-client.ts: `this.apps.patchNamespacedDeploymentScale(…)`
 * and the like) and turns them into RBAC permissions, so the chart's Role can be checked against the
 * code it serves instead of against a list that could drift from it. It also reads which KubeApi
 * methods each part of the actuator calls (`ctx.api.readDeployment(…)` in a named function), so each
 * scaler's Role can be checked against the actions that scaler plans.
 */

/** client-node operation prefix → RBAC verb. */
const VERBS: Record<string, string> = { read: 'get', list: 'list', create: 'create', patch: 'patch', delete: 'delete', replace: 'update' };

/** client-node resource part → API group and RBAC resource (subresources after a slash). */
const RESOURCES: Record<string, { group: string; resource: string }> = {
  Deployment: { group: 'apps', resource: 'deployments' },
  DeploymentScale: { group: 'apps', resource: 'deployments/scale' },
  Pod: { group: '', resource: 'pods' },
  PodResize: { group: '', resource: 'pods/resize' },
  PodStatus: { group: '', resource: 'pods/status' },
  ConfigMap: { group: '', resource: 'configmaps' },
  Lease: { group: 'coordination.k8s.io', resource: 'leases' },
  Event: { group: '', resource: 'events' },
};

const CLIENT_CALL = /\bthis\.\w+\.(read|list|create|patch|delete|replace)Namespaced(\w+)\s*\(/g;

function permissionOf(op: string, kind: string): string {
  const target = RESOURCES[kind];
  if (!target) throw new Error(`unknown client-node resource ${kind}: add it to actuator-calls.ts and decide its RBAC`);
  return `${target.group}/${target.resource}:${VERBS[op] as string}`;
}

const sortedUnique = (items: Iterable<string>): string[] => [...new Set(items)].sort();

/** Permissions as "group/resource:verb" strings, sorted and unique. */
export function actuatorPermissions(kubeClientSource: string): string[] {
  const calls = [...kubeClientSource.matchAll(CLIENT_CALL)];
  if (calls.length === 0) throw new Error('no client-node calls found: has the kube client moved?');
  return sortedUnique(calls.map(([, op, kind]) => permissionOf(op as string, kind as string)));
}

/** Each method of the ClientNodeKubeApi class → the permission of the client-node call in its body. */
export function kubeApiMethodPermissions(kubeClientSource: string): Record<string, string> {
  const classStart = kubeClientSource.indexOf('class ClientNodeKubeApi');
  if (classStart < 0) throw new Error('class ClientNodeKubeApi not found: has the kube client moved?');
  const body = kubeClientSource.slice(classStart);
  const headers = [...body.matchAll(/^ {2}(?:async\s+)?(\w+)\([^)]*\)[^{;]*\{/gm)].filter(([, name]) => name !== 'constructor');
  const out: Record<string, string> = {};
  headers.forEach((header, i) => {
    const text = body.slice(header.index, headers[i + 1]?.index ?? body.length);
    const calls = [...text.matchAll(CLIENT_CALL)];
    if (calls.length !== 1) throw new Error(`KubeApi method ${header[1]} makes ${calls.length} client-node calls; expected one`);
    const [, op, kind] = calls[0] as RegExpMatchArray;
    out[header[1] as string] = permissionOf(op as string, kind as string);
  });
  return out;
}

/**
 * The body of the function or method `name` defined in `source` (a `function name(` declaration, or a
 * method header line ending in `{`), braces matched. Throws when it is not there: the step list must follow the code.
 */
export function functionBody(source: string, name: string): string {
  const declaration = new RegExp(
    `^[ \\t]*(?:export\\s+)?(?:async\\s+)?function\\s+${name}\\b|^[ \\t]*(?:(?:private|public|protected|static|async)\\s+)*${name}\\s*(?:<[^>]*>)?\\(.*\\{[ \\t]*$`,
    'm',
  );
  const found = declaration.exec(source);
  if (!found) throw new Error(`function ${name} not found`);
  let depth = 0;
  let open = source.indexOf('(', found.index);
  for (; open < source.length; open++) {
    if (source[open] === '(') depth++;
    else if (source[open] === ')' && --depth === 0) break;
  }
  const start = source.indexOf('{', open);
  depth = 0;
  for (let i = start; i < source.length; i++) {
    if (source[i] === '{') depth++;
    else if (source[i] === '}' && --depth === 0) return source.slice(start, i + 1);
  }
  throw new Error(`function ${name} has no closing brace`);
}

/** KubeApi methods called in `code` (`api.readDeployment(…)`, `this.ctx.api.listPods(…)`). */
export function kubeApiCallsIn(code: string): string[] {
  return sortedUnique([...code.matchAll(/\bapi\.(\w+)\s*\(/g)].map(([, method]) => method as string));
}

/**
 * DryRunKubeApi: a write that is not sent still reads what it would have returned
 * (`resizePod = async (…) => this.would(…, await this.inner.readPod(name))`). Write → reads.
 */
export function dryRunReads(dryRunSource: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [, method, read] of dryRunSource.matchAll(/^\s*(\w+) = .*\bthis\.inner\.(\w+)\(/gm)) {
    if (method !== read) out[method as string] = [...(out[method as string] ?? []), read as string];
  }
  return out;
}

/** The same strings for a Role's rules (resourceNames do not matter for coverage). */
export function rolePermissions(rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[]): string[] {
  const out = new Set<string>();
  for (const r of rules) for (const g of r.apiGroups) for (const res of r.resources) for (const v of r.verbs) out.add(`${g}/${res}:${v}`);
  return [...out].sort();
}
