import { ApiextensionsV1Api, type KubeConfig } from '@kubernetes/client-node';

/**
 * The ServiceMonitor kind (monitoring.coreos.com/v1) for the test control plane, where no
 * prometheus-operator runs: without its CRD `helm install` of a values file with
 * `serviceMonitor.enabled` fails (the kind is unknown), as on a cluster without the operator. The
 * schema here accepts any spec (helm v4 applies server-side, which needs `spec` declared): the operator's own schema is checked offline (kube-schemas.ts,
 * @kubernetes-models/prometheus-operator); this only makes the kind exist.
 */
export async function ensureServiceMonitorKind(kubeConfig: KubeConfig): Promise<void> {
  const api = kubeConfig.makeApiClient(ApiextensionsV1Api);
  const name = 'servicemonitors.monitoring.coreos.com';
  try {
    await api.createCustomResourceDefinition({
      body: {
        metadata: { name },
        spec: {
          group: 'monitoring.coreos.com',
          scope: 'Namespaced',
          names: { plural: 'servicemonitors', singular: 'servicemonitor', kind: 'ServiceMonitor', listKind: 'ServiceMonitorList', shortNames: ['smon'] },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', x_kubernetes_preserve_unknown_fields: true } } } },
            },
          ],
        },
      },
    });
  } catch (err) {
    if ((err as { code?: number }).code !== 409) throw err; // another test file made it already
  }
  // Established: the API server serves the kind (until then a create of one is refused).
  for (let i = 0; i < 100; i++) {
    const crd = await api.readCustomResourceDefinition({ name });
    if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`CRD ${name} not Established after 10 s`);
}
