import type { ResizeMode } from '@infscale/core';
import type { SimDeployment } from '../cluster/deployment';
import type { Pod } from '../cluster/pod';
import type { Simulation } from '../engine/simulation';

/**
 * One deployment's move to `cores` per pod.
 * - in-place: every pod is resized through the (simulated) pods/resize subresource.
 * - restart: pods are evicted and recreated with the new cores (VPA Recreate), at most
 *   max(1, ⌊replicas × tolerance⌋) down at a time; the replacement loads its model again.
 * - in-place-or-restart: in place first; a pod whose resize is Infeasible, or Deferred for longer
 *   than deferredTimeoutMs, is evicted instead (VPA InPlaceOrRecreate).
 * With strategy 'surge', restarts are a Deployment rollout instead (maxSurge 1, maxUnavailable 0): a
 * new pod first, an old one terminated each time a new one is ready — no capacity gap if it fits.
 */
export type RestartStrategy = 'evict' | 'surge';

export class ResizeTask {
  constructor(
    private readonly sim: Simulation,
    private readonly dep: SimDeployment,
    private readonly cores: number,
    private readonly mode: ResizeMode,
    private readonly deferredTimeoutMs: number,
    private readonly tolerance: number,
    private readonly strategy: RestartStrategy = 'evict',
  ) {
    if (mode !== 'restart') for (const pod of dep.livePods()) sim.cluster.resizeInPlace(pod, cores);
    if (mode === 'in-place-or-restart') sim.after(deferredTimeoutMs + 1, () => sim.notifyChanged());
    this.progress();
  }

  /** Evicts what is due; true when every pod runs with the new cores. */
  progress(): boolean {
    const live = this.dep.livePods();
    const done = (p: Pod): boolean => p.phase === 'ready' && !p.resize && p.actualCores === this.cores;
    if (live.length >= this.dep.replicas && live.every(done)) return true;
    if (this.mode === 'in-place') return false;
    if (this.mode === 'restart' && this.strategy === 'surge') return this.surge(live, done);
    const wave = Math.max(1, Math.floor(this.dep.replicas * this.tolerance));
    let down = live.filter((p) => p.phase !== 'ready').length;
    const now = this.sim.now();
    for (const pod of live) {
      if (down >= wave) break;
      if (pod.phase !== 'ready' || done(pod)) continue;
      const evict =
        this.mode === 'restart' ||
        pod.resize?.state === 'infeasible' ||
        (pod.resize?.state === 'deferred' && now - pod.resize.sinceMs >= this.deferredTimeoutMs);
      if (!evict) continue;
      this.sim.cluster.terminate(pod);
      this.sim.cluster.addPod(this.dep, this.cores, false);
      down++;
    }
    return false;
  }

  private surge(live: Pod[], done: (p: Pod) => boolean): boolean {
    const isNew = (p: Pod): boolean => p.reservedCores === this.cores && !p.resize;
    const old = live.filter((p) => !isNew(p));
    const fresh = live.filter(isNew);
    const freshReady = fresh.filter(done).length;
    for (let i = 0; i < old.length && freshReady + old.length - i > this.dep.replicas; i++) {
      this.sim.cluster.terminate(old[i]);
    }
    if (fresh.length < this.dep.replicas && fresh.length - freshReady < 1) this.sim.cluster.addPod(this.dep, this.cores, false);
    return false;
  }
}
