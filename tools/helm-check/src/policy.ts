import { FORBIDDEN_VERBS, type PolicyRule } from './rbac-policy';

/** One object of a `helm template` stream and the template it came from (its `# Source:` line). */
export interface RenderedObject {
  template: string;
  object: Record<string, unknown>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (v: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>((cur, key) => (isObj(cur) || Array.isArray(cur) ? (cur as Record<string | number, unknown>)[key] : undefined), v);

const CLUSTER_KINDS = ['ClusterRole', 'ClusterRoleBinding', 'Namespace', 'CustomResourceDefinition', 'PriorityClass'];
const CONFIG_PATH = '/etc/infscale/config.yaml';
/** How the data-plane image starts the CLI (Dockerfile, target dataplane). */
export const PROXY_COMMAND = ['node', 'tools/cli/bin/infscale.js'];
export const DATAPLANE_COMPONENT = 'dataplane';

/** A Deployment of the chart's data plane (its pods carry component "dataplane"), not the scaler's. */
export function isProxyDeployment(deployment: Record<string, unknown>): boolean {
  return at(deployment, 'spec', 'template', 'metadata', 'labels', 'app.kubernetes.io/component') === DATAPLANE_COMPONENT;
}

/**
 * What every install must satisfy, whatever the values; each broken rule is one message. `roleRules`
 * is the documented Role of the chosen scaler (expectedRoleRules).
 */
export function policyViolations(objects: RenderedObject[], namespace: string, roleRules: PolicyRule[]): string[] {
  const problems: string[] = [];
  for (const { template, object } of objects) {
    const where = `${template} ${String(object.kind)}/${String(at(object, 'metadata', 'name'))}`;
    if (CLUSTER_KINDS.includes(String(object.kind))) problems.push(`${where}: cluster-scoped kind`);
    if (OWNERSHIP_POLICY_KINDS.includes(String(object.kind))) {
      problems.push(...ownershipPolicyProblems(where, object, namespace, objects));
      continue;
    }
    if (at(object, 'metadata', 'namespace') !== namespace) problems.push(`${where}: not in namespace ${namespace}`);
    if (object.kind === 'Role') problems.push(...roleProblems(where, object, roleRules));
    if (object.kind === 'RoleBinding') problems.push(...bindingProblems(where, object, namespace));
    if (object.kind === 'Deployment') problems.push(...deploymentProblems(where, object));
  }
  return problems;
}

/** The only cluster-scoped kinds allowed: rbac.ownershipPolicy's, which narrow what the release's ServiceAccount may do. */
const OWNERSHIP_POLICY_KINDS = ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'];

/**
 * The opt-in ownership policy may only take rights away from this release's ServiceAccount in this
 * namespace: a policy that fails closed and matches that user alone, bound with Deny to the release
 * namespace only.
 */
function ownershipPolicyProblems(where: string, object: Obj, namespace: string, objects: RenderedObject[]): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string): void => void (ok || problems.push(`${where}: ${what}`));
  if (object.kind === 'ValidatingAdmissionPolicy') {
    const subject = objects.map((o) => o.object).find((o) => o.kind === 'RoleBinding');
    const sa = at(subject, 'subjects', 0, 'name');
    need(at(object, 'spec', 'failurePolicy') === 'Fail', 'failurePolicy must be Fail');
    need(
      at(object, 'spec', 'matchConditions', 0, 'expression') === `request.userInfo.username == 'system:serviceaccount:${namespace}:${String(sa)}'`,
      "must match this release's ServiceAccount alone",
    );
    need(((at(object, 'spec', 'validations') ?? []) as unknown[]).length > 0, 'validations must be set');
  } else {
    need(JSON.stringify(at(object, 'spec', 'validationActions')) === '["Deny"]', 'validationActions must be [Deny]');
    need(
      JSON.stringify(at(object, 'spec', 'matchResources', 'namespaceSelector', 'matchLabels')) === JSON.stringify({ 'kubernetes.io/metadata.name': namespace }),
      `must bind to namespace ${namespace} only`,
    );
    const policy = objects.map((o) => o.object).find((o) => o.kind === 'ValidatingAdmissionPolicy');
    need(at(object, 'spec', 'policyName') === at(policy, 'metadata', 'name'), "must bind the chart's policy");
  }
  return problems;
}

function roleProblems(where: string, role: Obj, expected: PolicyRule[]): string[] {
  const rules = (at(role, 'rules') ?? []) as unknown[];
  const problems: string[] = [];
  if (JSON.stringify(rules) !== JSON.stringify(expected)) {
    problems.push(`${where}: rules differ from the documented list: ${JSON.stringify(rules)}`);
  }
  for (const verb of rules.flatMap((r) => (at(r, 'verbs') ?? []) as string[])) {
    if (FORBIDDEN_VERBS.includes(verb)) problems.push(`${where}: forbidden verb ${verb}`);
  }
  return problems;
}

function bindingProblems(where: string, binding: Obj, namespace: string): string[] {
  const problems: string[] = [];
  if (at(binding, 'roleRef', 'kind') !== 'Role') problems.push(`${where}: roleRef must be a Role`);
  for (const s of (at(binding, 'subjects') ?? []) as unknown[]) {
    if (at(s, 'kind') !== 'ServiceAccount' || at(s, 'namespace') !== namespace) problems.push(`${where}: subject outside the namespace`);
  }
  return problems;
}

function deploymentProblems(where: string, deployment: Obj): string[] {
  const problems: string[] = [];
  const pod = at(deployment, 'spec', 'template', 'spec');
  const need = (ok: boolean, what: string): void => void (ok || problems.push(`${where}: ${what}`));
  need(at(pod, 'securityContext', 'runAsNonRoot') === true, 'pod runAsNonRoot must be true');
  need(Number(at(pod, 'securityContext', 'runAsUser')) > 0, 'pod runAsUser must not be 0');
  need(at(pod, 'securityContext', 'seccompProfile', 'type') === 'RuntimeDefault', 'pod seccompProfile must be RuntimeDefault');
  const volumes = (at(pod, 'volumes') ?? []) as unknown[];
  // A proxy (templates/_dataplane.tpl) serves /healthz on its one port and reads no config; it needs no API token.
  const proxy = isProxyDeployment(deployment);
  if (proxy) {
    need(at(pod, 'automountServiceAccountToken') === false, 'a proxy mounts no service account token');
    need(at(deployment, 'spec', 'replicas') === 1, 'a proxy runs one pod (its admin settings live in the process)');
  }
  const containers = (at(pod, 'containers') ?? []) as unknown[];
  need(containers.length === 1, 'exactly one container');
  for (const c of containers) {
    const sc = at(c, 'securityContext');
    need(at(sc, 'runAsNonRoot') === true, 'container runAsNonRoot must be true');
    need(at(sc, 'readOnlyRootFilesystem') === true, 'readOnlyRootFilesystem must be true');
    need(at(sc, 'allowPrivilegeEscalation') === false, 'allowPrivilegeEscalation must be false');
    need(JSON.stringify(at(sc, 'capabilities', 'drop')) === '["ALL"]' && at(sc, 'capabilities', 'add') === undefined, 'capabilities: drop ALL, add none');
    need(at(sc, 'seccompProfile', 'type') === 'RuntimeDefault', 'container seccompProfile must be RuntimeDefault');
    for (const part of ['requests', 'limits']) {
      for (const r of ['cpu', 'memory']) need(at(c, 'resources', part, r) !== undefined, `resources.${part}.${r} must be set`);
    }
    const mounts = (at(c, 'volumeMounts') ?? []) as unknown[];
    const volumeOf = (path: string): unknown =>
      volumes.find(
        (v) =>
          at(v, 'name') ===
          at(
            mounts.find((m) => at(m, 'mountPath') === path),
            'name',
          ),
      );
    need(at(volumeOf('/tmp'), 'emptyDir') !== undefined, 'an emptyDir at /tmp');
    const args = (at(c, 'args') ?? []) as unknown[];
    if (proxy) {
      const ports = (at(c, 'ports') ?? []) as unknown[];
      const port = (name: string): unknown =>
        at(
          ports.find((p) => at(p, 'name') === name),
          'containerPort',
        );
      need(port('http') !== undefined, 'a port named http');
      need(port('admin') !== undefined && port('admin') !== port('http'), 'a port named admin, apart from http');
      // /healthz answers 503 while the model server is wedged: probing it would restart or unlist the proxy for nothing.
      for (const probe of ['livenessProbe', 'readinessProbe']) {
        need(at(c, probe, 'httpGet', 'path') === '/livez' && at(c, probe, 'httpGet', 'port') === 'admin', `${probe} /livez on the admin port`);
      }
      need(JSON.stringify(at(c, 'command')) === JSON.stringify(PROXY_COMMAND) && args[0] === 'proxy', `command ${PROXY_COMMAND.join(' ')} proxy <kind>`);
      problems.push(...adminProblems(where, args, port('admin'), mounts, volumes));
      continue;
    }
    const metricsPort = ((at(c, 'ports') ?? []) as unknown[]).find((p) => at(p, 'name') === 'metrics');
    need(metricsPort !== undefined, 'a port named metrics');
    need(
      at(c, 'livenessProbe', 'httpGet', 'path') === '/healthz' && at(c, 'livenessProbe', 'httpGet', 'port') === 'metrics',
      'liveness /healthz on the metrics port',
    );
    need(
      at(c, 'readinessProbe', 'httpGet', 'path') === '/readyz' && at(c, 'readinessProbe', 'httpGet', 'port') === 'metrics',
      'readiness /readyz on the metrics port',
    );
    need(at(volumeOf(CONFIG_PATH), 'configMap') !== undefined, `the config ConfigMap at ${CONFIG_PATH}`);
    need(args.indexOf('--config') >= 0 && args[args.indexOf('--config') + 1] === CONFIG_PATH, `args --config ${CONFIG_PATH}`);
  }
  return problems;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * A proxy's admin plane: on the port named admin, and reachable from beyond the pod only with a
 * token read from a mounted Secret (the CLI refuses a non-loopback --admin-host without one).
 */
function adminProblems(where: string, args: unknown[], adminPort: unknown, mounts: unknown[], volumes: unknown[]): string[] {
  const flag = (name: string): unknown => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const problems: string[] = [];
  const need = (ok: boolean, what: string): void => void (ok || problems.push(`${where}: ${what}`));
  need(flag('--admin-port') === String(adminPort), '--admin-port is the port named admin');
  const host = String(flag('--admin-host') ?? '127.0.0.1');
  const tokenFile = flag('--admin-token-file');
  need(LOOPBACK.test(host) || typeof tokenFile === 'string', `--admin-host ${host} needs --admin-token-file`);
  if (typeof tokenFile === 'string') {
    const mount = mounts.find((m) => tokenFile.startsWith(`${String(at(m, 'mountPath'))}/`));
    const volume = volumes.find((v) => at(v, 'name') === at(mount, 'name'));
    need(at(volume, 'secret', 'secretName') !== undefined && at(mount, 'readOnly') === true, '--admin-token-file in a Secret mounted read-only');
  }
  return problems;
}
