import { timingAnnotations, type PodTimingAnnotations } from './nodes';

/**
 * A model server as its owner deploys it, before any scaler: its own labels (none of infscale's),
 * requests = limits and cpu resizable in place, as Sponge's target must be. `timing`: the kubelet
 * stand-in's delays for its pods.
 */
export function existingDeployment(
  name: string,
  namespace: string,
  options: { container?: string; cores?: number; timing?: PodTimingAnnotations; replicas?: number } = {},
) {
  const cpu = String(options.cores ?? 1);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, ...(options.timing ? { annotations: timingAnnotations(options.timing) } : {}) },
        spec: {
          containers: [
            {
              name: options.container ?? 'model',
              image: `registry.local/${name}:1`,
              resources: { requests: { cpu, memory: '1Gi' }, limits: { cpu, memory: '1Gi' } },
              resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }],
            },
          ],
        },
      },
    },
  };
}
