import path from 'node:path';

/** Where everything of one control plane lives inside its state directory, and its ports. */
export interface Layout {
  stateDir: string;
  ports: { etcdClient: number; etcdPeer: number; apiserver: number; controllerManager: number; scheduler: number };
}

export const paths = (layout: Layout) => {
  const dir = layout.stateDir;
  const pki = path.join(dir, 'pki');
  return {
    pki,
    logs: path.join(dir, 'logs'),
    etcdData: path.join(dir, 'etcd'),
    auditPolicy: path.join(dir, 'audit-policy.yaml'),
    auditLog: path.join(dir, 'logs', 'audit.log'),
    state: path.join(dir, 'state.json'),
    adminKubeconfig: path.join(dir, 'admin.kubeconfig'),
    kubeconfig: (user: string) => path.join(dir, 'kubeconfigs', `${user}.kubeconfig`),
    certDir: (component: string) => path.join(dir, 'serving', component),
    cert: (name: string) => ({ cert: path.join(pki, `${name}.crt`), key: path.join(pki, `${name}.key`) }),
    caCert: path.join(pki, 'ca.crt'),
    saKey: path.join(pki, 'sa.key'),
    saPub: path.join(pki, 'sa.pub'),
  };
};

export const apiserverUrl = (layout: Layout) => `https://127.0.0.1:${layout.ports.apiserver}`;
export const etcdUrl = (layout: Layout) => `http://127.0.0.1:${layout.ports.etcdClient}`;

/** The cluster's service network; its first address is the `kubernetes` Service, named in the serving cert. */
export const SERVICE_CIDR = '10.96.0.0/16';
export const KUBERNETES_SERVICE_IP = '10.96.0.1';

/**
 * Controllers the tests need (workloads, service accounts and their tokens, garbage collection,
 * namespaces, endpoint slices) and the node lifecycle controller, which lifts the not-ready taint
 * that admission puts on every new Node. The rest (volumes, jobs, certificates…) stays off to
 * spare the 2-core machine.
 */
export const CONTROLLERS = [
  'deployment-controller',
  'replicaset-controller',
  'statefulset-controller',
  'daemonset-controller',
  'serviceaccount-controller',
  'serviceaccount-token-controller',
  'garbage-collector-controller',
  'namespace-controller',
  'endpointslice-controller',
  'node-lifecycle-controller',
  'pod-garbage-collector-controller',
  'root-ca-certificate-publisher-controller',
  'disruption-controller',
  'resourcequota-controller',
  'clusterrole-aggregation-controller',
  // Type-checks ValidatingAdmissionPolicies (status.typeChecking): the chart's opt-in ownership policy.
  'validatingadmissionpolicy-status-controller',
];

/** Writes of every kind at Metadata level (who changed what, when); reads are not logged. */
export const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: Metadata
    verbs: [create, update, patch, delete, deletecollection]
  - level: None
`;

export function etcdArgs(layout: Layout): string[] {
  const p = paths(layout);
  const peer = `http://127.0.0.1:${layout.ports.etcdPeer}`;
  return [
    'etcd',
    '--name=testenv',
    `--data-dir=${p.etcdData}`,
    `--listen-client-urls=${etcdUrl(layout)}`,
    `--advertise-client-urls=${etcdUrl(layout)}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=testenv=${peer}`,
    // A throw-away test store: durability is not worth an fsync per write on a shared 2-core machine.
    '--unsafe-no-fsync=true',
    '--log-level=warn',
  ];
}

export function apiserverArgs(layout: Layout): string[] {
  const p = paths(layout);
  const serving = p.cert('apiserver');
  return [
    'kube-apiserver',
    `--etcd-servers=${etcdUrl(layout)}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${layout.ports.apiserver}`,
    `--tls-cert-file=${serving.cert}`,
    `--tls-private-key-file=${serving.key}`,
    `--client-ca-file=${p.caCert}`,
    // The front proxy (aggregation layer) identity: without it the controller manager and scheduler keep
    // logging that the requestheader CA bundle is missing. One test CA signs it too.
    `--requestheader-client-ca-file=${p.caCert}`,
    '--requestheader-allowed-names=front-proxy-client',
    '--requestheader-username-headers=X-Remote-User',
    '--requestheader-group-headers=X-Remote-Group',
    '--requestheader-extra-headers-prefix=X-Remote-Extra-',
    `--proxy-client-cert-file=${p.cert('front-proxy-client').cert}`,
    `--proxy-client-key-file=${p.cert('front-proxy-client').key}`,
    '--authorization-mode=Node,RBAC',
    // The default admission plugins are on without naming them; NodeRestriction is the usual addition.
    // PodNodeSelector and PodTolerationRestriction send a test namespace's pods to its own nodes
    // (namespace annotations, @infscale/kube/testing createTestNamespace), so tests running at once
    // never share a node's CPU.
    '--enable-admission-plugins=NodeRestriction,PodNodeSelector,PodTolerationRestriction',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${p.saPub}`,
    `--service-account-signing-key-file=${p.saKey}`,
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    // The `kubernetes` Service would point at 127.0.0.1, which endpoint validation refuses; nothing in
    // the test cluster dials it (there are no containers), so its endpoints are not kept.
    '--endpoint-reconciler-type=none',
    '--allow-privileged=true',
    '--profiling=false',
    `--audit-policy-file=${p.auditPolicy}`,
    `--audit-log-path=${p.auditLog}`,
    '--audit-log-maxsize=100',
    '--v=1',
  ];
}

/** Secure serving of the controller manager and scheduler: loopback, their own self-signed certs, delegated authn/z. */
function componentServing(layout: Layout, component: string, port: number, kubeconfig: string): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${port}`,
    `--cert-dir=${paths(layout).certDir(component)}`,
    // One instance each: no lease to take first, so they start at once.
    '--leader-elect=false',
    '--v=1',
  ];
}

export function controllerManagerArgs(layout: Layout): string[] {
  const p = paths(layout);
  return [
    'kube-controller-manager',
    ...componentServing(layout, 'kube-controller-manager', layout.ports.controllerManager, p.kubeconfig('kube-controller-manager')),
    `--controllers=${CONTROLLERS.join(',')}`,
    // Each controller acts as its own ServiceAccount, so RBAC applies to the controllers as in a real cluster.
    '--use-service-account-credentials=true',
    `--service-account-private-key-file=${p.saKey}`,
    `--root-ca-file=${p.caCert}`,
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
  ];
}

export function schedulerArgs(layout: Layout): string[] {
  return ['kube-scheduler', ...componentServing(layout, 'kube-scheduler', layout.ports.scheduler, paths(layout).kubeconfig('kube-scheduler'))];
}
