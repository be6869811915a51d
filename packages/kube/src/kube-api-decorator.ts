import type { KubeApi } from './kube-client';

/** A KubeApi that changes how writes go out (dry run, leader guard): the reads pass through to `inner` as they are. */
export abstract class ReadThroughKubeApi implements Pick<
  KubeApi,
  'namespace' | 'listDeployments' | 'readDeployment' | 'listPods' | 'readPod' | 'readConfigMap' | 'readLease'
> {
  constructor(protected readonly inner: KubeApi) {}

  get namespace(): string {
    return this.inner.namespace;
  }

  listDeployments = (s: string) => this.inner.listDeployments(s);
  readDeployment = (n: string) => this.inner.readDeployment(n);
  listPods = (s: string) => this.inner.listPods(s);
  readPod = (n: string) => this.inner.readPod(n);
  readConfigMap = (n: string) => this.inner.readConfigMap(n);
  readLease = (n: string) => this.inner.readLease(n);
}
