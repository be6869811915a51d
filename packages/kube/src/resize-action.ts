import type { ResizeMode } from '@infscale/core';
import { deploymentRef, podSelector, type ActionContext } from './action-context';
import { EventReason } from './conventions';
import { CORES_ANNOTATION, guaranteedResources, managedContainerName } from './deployment-mapping';
import { formatCpu, sameCpu } from './quantity';
import { podSpecCores, sendPodResize } from './pod-cores';
import { followResize, podResizeState, type ResizeProgress, type ResizeVerdict } from './resize-follow';
import { ResizeGate } from './readiness-gate';
import { describeFailedResize, failResize } from './resize-report';

/**
 * Restart-based resize: new cores in the pod template (requests = limits), which rolls the pods. The
 * read's resourceVersion makes a concurrent writer a 409, and the retry re-reads.
 */
async function restartResize(ctx: ActionContext, name: string, cores: number): Promise<void> {
  ctx.refusals.clear(name); // new pods start from the template with `cores`: whatever was refused no longer stands
  await ctx.retry(`resize ${name} by restart`, async () => {
    const current = await ctx.api.readDeployment(name);
    const container = managedContainerName(ctx.config, current.spec?.template.spec?.containers);
    return ctx.api.patchDeployment(
      name,
      {
        metadata: { resourceVersion: current.metadata?.resourceVersion, annotations: { [CORES_ANNOTATION]: formatCpu(cores) } },
        spec: { template: { spec: { containers: [{ name: container, resources: guaranteedResources(cores, undefined) }] } } },
      },
      'strategic',
    );
  });
  await ctx.events.record(deploymentRef(name), 'Normal', EventReason.restarted, `Rolling restart to ${cores} cores per pod; reason: ${ctx.reason}`);
}

/**
 * Sends pods/resize to every pod of the deployment, then follows them to a verdict. With the resize
 * readiness gate, a pod that has not passed it yet is held False while it grows and let in once it
 * runs with `cores`; `note` says which pods a failed resize leaves out of their Service.
 */
async function inPlaceResize(ctx: ActionContext, name: string, cores: number): Promise<{ verdict: ResizeVerdict; note: string }> {
  const selector = await podSelector(ctx, name);
  const pods = await ctx.retry(`list pods of ${name}`, () => ctx.api.listPods(selector));
  if (pods.length === 0) return { verdict: { kind: 'done' }, note: '' }; // nothing runs: the next pods start from the template
  const container = managedContainerName(ctx.config, pods[0]?.spec?.containers);
  const gate = ResizeGate.of(ctx, name);
  ctx.refusals.clear(name);
  const send = async (pod: string) => {
    const answer = await sendPodResize(ctx, pod, container, cores);
    if (answer.kind === 'refused') ctx.refusals.note(name, pod, answer.message);
  };
  for (const pod of pods) {
    if (!sameCpu(podSpecCores(pod, container), cores)) await gate?.pending(pod, cores);
    await send(pod.metadata!.name!);
  }
  if (ctx.dryRun) return { verdict: { kind: 'done' }, note: '' };
  const { deferredTimeoutMs, timeoutMs, pollMs } = ctx.config.resize;
  let progress: ResizeProgress = { startedMs: ctx.clock.now(), deferredSinceMs: {} };
  for (;;) {
    const now = await ctx.retry(`read pods of ${name}`, () => ctx.api.listPods(selector));
    // A pod that appeared meanwhile (eviction, scale-up) started from the template: resize it too.
    for (const p of now) {
      if (p.metadata?.deletionTimestamp || sameCpu(podSpecCores(p, container), cores)) continue;
      if (ctx.refusals.states(name)[p.metadata!.name!]) continue; // refused already: the node cannot give it
      await gate?.pending(p, cores);
      await send(p.metadata!.name!);
    }
    await gate?.admit(now, container, cores);
    // A pod whose resize the API server refused keeps its spec: its verdict is the refusal, not its status.
    const refused = ctx.refusals.states(name);
    const states = Object.fromEntries(now.map((p) => [p.metadata!.name!, refused[p.metadata!.name!] ?? podResizeState(p, container, cores)]));
    const step = followResize(states, progress, ctx.clock.now(), { deferredTimeoutMs, timeoutMs });
    progress = step.progress;
    const { verdict } = step;
    if (verdict.kind === 'done') return { verdict, note: '' };
    if (verdict.kind !== 'wait') return { verdict, note: gate ? await gate.hold(now, verdict, cores) : '' };
    await ctx.sleep(pollMs);
  }
}

/** Records the wanted cores without touching the template (a template change would roll the pods). */
async function annotateCores(ctx: ActionContext, name: string, cores: number): Promise<void> {
  await ctx.retry(`annotate ${name}`, () => ctx.api.patchDeployment(name, { metadata: { annotations: { [CORES_ANNOTATION]: formatCpu(cores) } } }, 'merge'));
}

/**
 * resize in one of three modes. in-place: pods/resize on each pod, followed to completion; an
 * Infeasible pod is reported and left as it is, a Deferred one is waited for up to
 * deferredTimeoutMs and then reported. in-place-or-restart: the same, but those two outcomes fall
 * back to a rolling restart. restart: the template change alone.
 */
export async function resizeAction(ctx: ActionContext, name: string, cores: number, mode: ResizeMode): Promise<void> {
  if (mode === 'restart') return restartResize(ctx, name, cores);
  const { verdict, note } = await inPlaceResize(ctx, name, cores);
  if (verdict.kind === 'done') {
    await annotateCores(ctx, name, cores);
    await ctx.events.record(deploymentRef(name), 'Normal', EventReason.resized, `Resized pods in place to ${cores} cores; reason: ${ctx.reason}`);
    return;
  }
  if (verdict.kind === 'wait') return; // followResize never returns wait here; keeps the switch total
  if (mode === 'in-place-or-restart' && verdict.kind !== 'timeout') {
    const { reason, message } = describeFailedResize(cores, verdict);
    // The restart's new pods start with `cores`: the gate lets them in (await-ready, or between plans).
    await ctx.events.record(deploymentRef(name), 'Warning', reason, `${message}${note ? `; ${note}` : ''}; falling back to a rolling restart`);
    return restartResize(ctx, name, cores);
  }
  return failResize(ctx, name, cores, verdict, undefined, note);
}
