import { ReadThroughKubeApi } from './kube-api-decorator';
import type { KubeApi, PatchBody, PatchType } from './kube-client';

/**
 * The KubeApi a replica acts through: every write first asks `assertLeader` (which throws when we do
 * not lead), right before the request leaves, so a replica that lost the lease, even in the middle
 * of a step or a retry back-off, sends nothing more. Reads and the lease calls pass through.
 */
export class LeaderGuardedKubeApi extends ReadThroughKubeApi implements KubeApi {
  constructor(
    inner: KubeApi,
    private readonly assertLeader: () => void,
  ) {
    super(inner);
  }

  private guarded<A extends unknown[], R>(write: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      this.assertLeader();
      return write(...args);
    };
  }

  createLease = (body: Parameters<KubeApi['createLease']>[0]) => this.inner.createLease(body);
  replaceLease = (name: string, body: Parameters<KubeApi['replaceLease']>[1]) => this.inner.replaceLease(name, body);

  createDeployment = this.guarded((body: Parameters<KubeApi['createDeployment']>[0]) => this.inner.createDeployment(body));
  patchDeployment = this.guarded((name: string, patch: PatchBody, type: PatchType) => this.inner.patchDeployment(name, patch, type));
  deleteDeployment = this.guarded((name: string, preconditions?: Parameters<KubeApi['deleteDeployment']>[1]) =>
    this.inner.deleteDeployment(name, preconditions),
  );
  scaleDeployment = this.guarded((name: string, replicas: number) => this.inner.scaleDeployment(name, replicas));
  resizePod = this.guarded((name: string, patch: PatchBody) => this.inner.resizePod(name, patch));
  patchPodStatus = this.guarded((name: string, patch: PatchBody) => this.inner.patchPodStatus(name, patch));
  createConfigMap = this.guarded((body: Parameters<KubeApi['createConfigMap']>[0]) => this.inner.createConfigMap(body));
  patchConfigMap = this.guarded((name: string, patch: PatchBody) => this.inner.patchConfigMap(name, patch));
  createEvent = this.guarded((body: Parameters<KubeApi['createEvent']>[0]) => this.inner.createEvent(body));
  patchEvent = this.guarded((name: string, patch: PatchBody) => this.inner.patchEvent(name, patch));
}
