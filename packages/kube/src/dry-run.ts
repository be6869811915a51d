import type { Logger } from '@infscale/core';
import { ReadThroughKubeApi } from './kube-api-decorator';
import type { DeletePreconditions, KubeApi, PatchBody, PatchType } from './kube-client';

/**
 * Reads go to the cluster; every write is logged ("would …") with its body and not sent, so a dry
 * run shows exactly the calls a real run would make from the same state, and changes nothing.
 */
export class DryRunKubeApi extends ReadThroughKubeApi implements KubeApi {
  constructor(
    inner: KubeApi,
    private readonly logger: Logger,
  ) {
    super(inner);
  }

  private would<T>(verb: string, fields: Record<string, unknown>, result: T): Promise<T> {
    this.logger.info(`dry-run: would ${verb}`, { namespace: this.namespace, ...fields });
    return Promise.resolve(result);
  }

  createDeployment = (body: Parameters<KubeApi['createDeployment']>[0]) => this.would('create deployment', { body }, body);
  patchDeployment = async (name: string, patch: PatchBody, type: PatchType) =>
    this.would('patch deployment', { name, patch, type }, await this.inner.readDeployment(name));
  deleteDeployment = (name: string, preconditions?: DeletePreconditions) =>
    this.would('delete deployment', { name, ...(preconditions ? { preconditions } : {}) }, undefined);
  scaleDeployment = (name: string, replicas: number) => this.would('scale deployment', { name, replicas }, undefined);
  resizePod = async (name: string, patch: PatchBody) => this.would('resize pod', { name, patch }, await this.inner.readPod(name));
  patchPodStatus = async (name: string, patch: PatchBody) => this.would('patch pod status', { name, patch }, await this.inner.readPod(name));
  createConfigMap = (body: Parameters<KubeApi['createConfigMap']>[0]) => this.would('create configmap', { body }, body);
  patchConfigMap = (name: string, patch: PatchBody) => this.would('patch configmap', { name, patch }, { metadata: { name } });
  createLease = (body: Parameters<KubeApi['createLease']>[0]) => this.would('create lease', { body }, body);
  replaceLease = (name: string, body: Parameters<KubeApi['replaceLease']>[1]) => this.would('replace lease', { name, body }, body);
  createEvent = (body: Parameters<KubeApi['createEvent']>[0]) => this.would('record event', { reason: body.reason, message: body.message }, undefined);
  patchEvent = (name: string, patch: PatchBody) => this.would('patch event', { name, patch }, undefined);
}
