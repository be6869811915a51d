/**
 * Kubernetes name rules. Names reach PromQL only after they pass these checks *and* are escaped:
 * the check rejects what Kubernetes itself would never create, the escaping makes sure that even a
 * name that slipped through cannot change a query's meaning.
 */

/** RFC 1123 label: namespaces (and Service names). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: Deployment names. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A stage name is a DNS label like a namespace: it becomes part of deployment and Service names. */
export type KubeNameKind = 'namespace' | 'deployment' | 'stage';

/** Why `name` is not a valid Kubernetes name of that kind, or undefined when it is. */
export function kubeNameProblem(kind: KubeNameKind, name: string): string | undefined {
  const max = kind === 'deployment' ? 253 : 63;
  const rule = kind === 'deployment' ? DNS_SUBDOMAIN : DNS_LABEL;
  if (name.length === 0) return `${kind} name is empty`;
  if (name.length > max) return `${kind} name is longer than ${max} characters`;
  if (!rule.test(name)) {
    return `${kind} name ${JSON.stringify(name)} is not a valid Kubernetes name (lowercase letters, digits, '-'${kind === 'deployment' ? ", '.'" : ''}; starting and ending with a letter or digit)`;
  }
  return undefined;
}
