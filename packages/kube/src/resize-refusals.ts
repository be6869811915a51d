import type { PodResizeState } from './resize-follow';

/**
 * In-place resizes the API server refused at admission (beyond the node's allocatable), by
 * deployment. Nothing in the cluster records such a refusal (the pod's spec and status stay as they
 * were), so the actuator remembers it and current() reports those pods' resize as infeasible
 * until a later resize of it succeeds or it is restarted: the scaler then holds its size (Sponge's
 * ceiling) instead of asking again for what the node cannot give. A new leader learns it afresh
 * from its own first refusal.
 */
export class ResizeRefusals {
  private readonly refused = new Map<string, { pods: Record<string, string> }>();

  note(deployment: string, pod: string, message: string): void {
    const entry = this.refused.get(deployment) ?? { pods: {} };
    entry.pods[pod] = message;
    this.refused.set(deployment, entry);
  }

  clear(deployment: string): void {
    this.refused.delete(deployment);
  }

  /** The refused pods of a deployment as resize states (they override what the pods' status says). */
  states(deployment: string): Record<string, { state: PodResizeState; message: string }> {
    const pods = this.refused.get(deployment)?.pods ?? {};
    return Object.fromEntries(Object.entries(pods).map(([pod, message]) => [pod, { state: 'infeasible' as const, message }]));
  }
}
