import type { V1Deployment } from '@kubernetes/client-node';
import type { ActionContext } from './action-context';
import { NewPodCores } from './new-pod-cores';

/** Ready = the controller saw the latest spec and every wanted replica is updated and ready (old pods gone). */
export function deploymentReady(d: V1Deployment): boolean {
  const wanted = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  return (
    (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) &&
    (s.updatedReplicas ?? 0) === wanted &&
    (s.readyReplicas ?? 0) === wanted &&
    (s.replicas ?? 0) === wanted
  );
}

/**
 * Waits until every named deployment is ready AND its pods run with the annotation's cores: pods that
 * started from the template (scale-up, eviction, rollout) are resized in place first, so a pod counts
 * only once it has the decided cores. A failed resize (Infeasible, Deferred too long) ends the wait.
 */
export async function awaitReady(ctx: ActionContext, names: string[]): Promise<void> {
  const { timeoutMs, pollMs } = ctx.config.awaitReady;
  const deadline = ctx.clock.now() + timeoutMs;
  const followers = new Map(names.map((n) => [n, new NewPodCores(ctx, n)]));
  let waiting = [...names];
  for (;;) {
    const why = new Map<string, string[]>();
    for (const name of waiting) {
      const d = await ctx.retry(`read ${name}`, () => ctx.api.readDeployment(name));
      const cores = await followers.get(name)!.step(d);
      const reasons = [...(deploymentReady(d) ? [] : ['pods not ready']), ...cores.waitingFor];
      if (!cores.done || reasons.length > 0) why.set(name, reasons);
    }
    waiting = [...why.keys()];
    if (waiting.length === 0) return;
    if (ctx.clock.now() >= deadline) throw new Error(`not ready after ${timeoutMs} ms: ${waiting.map((n) => `${n} (${why.get(n)!.join('; ')})`).join(', ')}`);
    await ctx.sleep(pollMs);
  }
}

/** After a scale-up: waits (up to awaitReady.timeoutMs) until every replica is on a node with the annotation's cores. */
export async function awaitPodCores(ctx: ActionContext, name: string): Promise<void> {
  const { timeoutMs } = ctx.config.awaitReady;
  const deadline = ctx.clock.now() + timeoutMs;
  const follower = new NewPodCores(ctx, name);
  for (;;) {
    const step = await follower.step(await ctx.retry(`read ${name}`, () => ctx.api.readDeployment(name)));
    if (step.done) return;
    if (ctx.clock.now() >= deadline) throw new Error(`new pods of ${name} not at their cores after ${timeoutMs} ms: ${step.waitingFor.join('; ')}`);
    await ctx.sleep(ctx.config.resize.pollMs);
  }
}
