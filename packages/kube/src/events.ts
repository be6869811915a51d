import type { Clock, Logger } from '@infscale/core';
import type { KubeApi } from './kube-client';

export interface InvolvedObject {
  kind: 'Deployment' | 'Pod' | 'ConfigMap';
  apiVersion: string;
  name: string;
  uid?: string;
}

/**
 * Records core/v1 Events on the objects a scaler changes, as the HPA does ("SuccessfulRescale", with a
 * message people read in `kubectl describe`). Recording is best effort: a failed event is logged,
 * never allowed to fail the action it describes.
 */
export class EventRecorder {
  private serial = 0;

  constructor(
    private readonly api: KubeApi,
    private readonly component: string,
    private readonly instance: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async record(object: InvolvedObject, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void> {
    const now = new Date(this.clock.now());
    // client-go names events "<object>.<unix nanos in hex>"; ms + a serial keeps them unique (and exact:
    // ms × 1e6 would exceed 2^53 and collide).
    const name = `${object.name}.${this.clock.now().toString(16)}${(this.serial++ % 0x10000).toString(16).padStart(4, '0')}`;
    try {
      await this.api.createEvent({
        metadata: { name, namespace: this.api.namespace },
        involvedObject: { ...object, namespace: this.api.namespace },
        reason,
        message,
        type,
        count: 1,
        firstTimestamp: now,
        lastTimestamp: now,
        source: { component: this.component },
        reportingComponent: this.component,
        reportingInstance: this.instance,
      });
    } catch (err) {
      this.logger.warn('could not record event', { reason, object: object.name, error: String(err) });
    }
  }
}
