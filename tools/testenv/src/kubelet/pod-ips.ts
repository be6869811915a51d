import type { V1Pod } from '@kubernetes/client-node';

/**
 * Pod addresses from 10.244.0.0/16, unique across the cluster. Nothing routes to them (there are no
 * containers); they exist because the API and the endpoint controllers expect every running pod to have one.
 */
export class PodIpPool {
  private readonly byUid = new Map<string, string>();

  /** Forgets pods that are gone and learns the addresses pods already have (after a restart). */
  retain(pods: readonly V1Pod[]): void {
    const live = new Map(pods.map((p) => [p.metadata?.uid ?? '', p]));
    for (const uid of this.byUid.keys()) if (!live.has(uid)) this.byUid.delete(uid);
    for (const [uid, pod] of live) if (pod.status?.podIP) this.byUid.set(uid, pod.status.podIP);
  }

  assign(pod: V1Pod): string {
    const uid = pod.metadata?.uid ?? '';
    const known = pod.status?.podIP ?? this.byUid.get(uid);
    if (known) {
      this.byUid.set(uid, known);
      return known;
    }
    const used = new Set(this.byUid.values());
    for (let n = 2; n < 65534; n++) {
      const ip = `10.244.${n >> 8}.${n & 255}`;
      if ((n & 255) === 0 || (n & 255) === 255 || used.has(ip)) continue;
      this.byUid.set(uid, ip);
      return ip;
    }
    throw new Error('no free pod address left in 10.244.0.0/16');
  }
}
