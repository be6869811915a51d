import { Watch, type KubeConfig, type V1Pod } from '@kubernetes/client-node';

/**
 * Every change of the namespace's pods as the API server streams it (a watch): what a pod went
 * through between two reads, e.g. whether it was ever Ready at the wrong size. Returns the stop.
 */
export async function watchPods(kubeConfig: KubeConfig, namespace: string, onChange: (type: string, pod: V1Pod) => void): Promise<() => void> {
  const controller = await new Watch(kubeConfig).watch(
    `/api/v1/namespaces/${namespace}/pods`,
    { allowWatchBookmarks: false },
    (type: string, pod: V1Pod) => onChange(type, pod),
    () => undefined,
  );
  return () => controller.abort();
}
