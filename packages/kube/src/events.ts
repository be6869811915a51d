import type { Clock, Logger } from '@infscale/core';
import { isNotFound } from './api-error';
import type { KubeApi } from './kube-client';

export interface InvolvedObject {
  kind: 'Deployment' | 'Pod' | 'ConfigMap';
  apiVersion: string;
  name: string;
  uid?: string;
}

/** What the recorder remembers of an event it created, to count its repeats. */
interface Observation {
  name: string;
  count: number;
  firstTimestamp: Date;
}

/** client-go's eventLogger keeps 4096 keys (an LRU); the oldest is forgotten first here too. */
const MAX_OBSERVED = 4096;

/**
 * Records core/v1 Events on the objects a scaler changes, as the HPA does ("SuccessfulRescale", with a
 * message people read in `kubectl describe`). A repeat of the same event (same object, type, reason and
 * message) is not a new Event: like client-go's recorder, the first one is patched (strategic merge)
 * with count + 1 and a new lastTimestamp; if it is gone (events expire), it is created again with the
 * count. Recording is best effort: a failed event is logged, never allowed to fail the action.
 */
export class EventRecorder {
  private serial = 0;
  private readonly observed = new Map<string, Observation>();

  constructor(
    private readonly api: KubeApi,
    private readonly component: string,
    private readonly instance: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async record(object: InvolvedObject, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void> {
    const now = new Date(this.clock.now());
    const key = JSON.stringify([this.component, object.kind, object.apiVersion, object.name, object.uid ?? '', type, reason, message]);
    const seen = this.observed.get(key);
    const observation: Observation = seen ? { ...seen, count: seen.count + 1 } : { name: this.eventName(object), count: 1, firstTimestamp: now };
    this.remember(key, observation);
    try {
      if (seen) {
        try {
          return await this.api.patchEvent(seen.name, { count: observation.count, lastTimestamp: rfc3339(now) });
        } catch (err) {
          if (!isNotFound(err)) throw err; // gone (expired or deleted): create it again below
        }
      }
      await this.api.createEvent({
        metadata: { name: observation.name, namespace: this.api.namespace },
        involvedObject: { ...object, namespace: this.api.namespace },
        reason,
        message,
        type,
        count: observation.count,
        firstTimestamp: observation.firstTimestamp,
        lastTimestamp: now,
        source: { component: this.component },
        reportingComponent: this.component,
        reportingInstance: this.instance,
      });
    } catch (err) {
      this.logger.warn('could not record event', { reason, object: object.name, error: String(err) });
    }
  }

  /** client-go names events "<object>.<unix nanos in hex>"; ms + a serial keeps them unique (ms × 1e6 would exceed 2^53). */
  private eventName(object: InvolvedObject): string {
    return `${object.name}.${this.clock.now().toString(16)}${(this.serial++ % 0x10000).toString(16).padStart(4, '0')}`;
  }

  private remember(key: string, observation: Observation): void {
    this.observed.delete(key); // re-insert: Map order is then least recently used first
    this.observed.set(key, observation);
    if (this.observed.size > MAX_OBSERVED) this.observed.delete(this.observed.keys().next().value!);
  }
}

/** metav1.Time as client-go writes it: RFC 3339, whole seconds. */
function rfc3339(t: Date): string {
  return t.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
