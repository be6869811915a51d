import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { deploymentRef, type ActionContext } from './action-context';
import { EventReason } from './conventions';
import { containerCores, managedContainer, managedContainerName } from './deployment-mapping';
import { coresTemplateLacks, podSpecCores, sendPodResize } from './pod-cores';
import { sameCpu } from './quantity';
import { followResize, podResizeState, type ResizeProgress } from './resize-follow';
import { decidedCores, ResizeGate } from './readiness-gate';
import { failResize } from './resize-report';
import { deploymentPodSelector } from './targets';

/** Where a deployment's pods stand against the cores its annotation records. */
export interface PodCoresStep {
  /** Every wanted replica exists, is on a node and runs with the wanted cores. */
  done: boolean;
  /** Why not, for the timeout message ("pod x not scheduled: …", "x resizing to 8 cores"). */
  waitingFor: string[];
}

/**
 * Brings pods that started from the template (scale-up, eviction, rollout of a batch change) to the
 * cores recorded in the `infscale.io/cores` annotation, in place, and follows the resize as the
 * resize action does: Infeasible fails at once, Deferred after `resize.deferredTimeoutMs`, anything
 * else after `resize.timeoutMs` (a ResizeError, with a Warning event). One instance per deployment
 * per action; call step() on every poll.
 */
export class NewPodCores {
  private progress?: ResizeProgress;
  /** Pods resized and not yet reported in a Normal event. */
  private readonly resized = new Set<string>();

  constructor(
    private readonly ctx: ActionContext,
    readonly name: string,
  ) {}

  async step(deployment: V1Deployment): Promise<PodCoresStep> {
    const wanted = coresTemplateLacks(deployment, this.ctx.config);
    const gate = ResizeGate.of(this.ctx, this.name);
    if (wanted === undefined && !gate) return { done: true, waitingFor: [] }; // new pods start with the right cores
    const selector = deploymentPodSelector(deployment);
    const pods = (await this.ctx.retry(`list pods of ${this.name}`, () => this.ctx.api.listPods(selector))).filter((p) => !p.metadata?.deletionTimestamp);
    const container = managedContainerName(this.ctx.config, deployment.spec?.template.spec?.containers);
    const missing = (deployment.spec?.replicas ?? 1) - pods.length;
    if (wanted === undefined) {
      // Nothing to resize: the gate only has to let each new pod in, as soon as it exists.
      await gate!.admit(pods, container, decidedCores(deployment, this.ctx.config));
      return missing > 0 ? { done: false, waitingFor: [`${missing} pod(s) not created yet`] } : { done: true, waitingFor: [] };
    }
    // Only pods on a node: the kubelet actuates a resize; an unscheduled pod waits for the scheduler.
    const bound = pods.filter((p) => p.spec?.nodeName);
    await this.resizeStragglers(bound, container, wanted, gate);
    await gate?.admit(bound, container, wanted);
    const waitingFor = pods.filter((p) => !p.spec?.nodeName).map((p) => `pod ${p.metadata?.name ?? '?'} not scheduled${unschedulable(p)}`);
    if (missing > 0) waitingFor.push(`${missing} pod(s) not created yet`);
    if (!this.progress) return { done: waitingFor.length === 0, waitingFor };
    // A pod whose resize the API server refused keeps its spec: its verdict is the refusal, not its status.
    const refused = this.ctx.refusals.states(this.name);
    const states = Object.fromEntries(bound.map((p) => [p.metadata!.name!, refused[p.metadata!.name!] ?? podResizeState(p, container, wanted)]));
    const { deferredTimeoutMs, timeoutMs } = this.ctx.config.resize;
    const next = followResize(states, this.progress, this.ctx.clock.now(), { deferredTimeoutMs, timeoutMs });
    this.progress = next.progress;
    const { verdict } = next;
    if (verdict.kind === 'wait') return { done: false, waitingFor: [...waitingFor, `pods resizing to ${wanted} cores`] };
    if (verdict.kind !== 'done') {
      const note = gate ? await gate.hold(bound, verdict, wanted) : '';
      return failResize(this.ctx, this.name, wanted, verdict, 'In-place resize of new pods', note);
    }
    this.progress = undefined; // pods that appear later get their own time limits
    await this.reportDone(deployment, wanted);
    return { done: waitingFor.length === 0, waitingFor };
  }

  /** Sends pods/resize to each pod whose spec still has other cores (it started from the template). */
  private async resizeStragglers(pods: V1Pod[], container: string, wanted: number, gate: ResizeGate | undefined): Promise<void> {
    for (const pod of pods) {
      const name = pod.metadata!.name!;
      if (sameCpu(podSpecCores(pod, container), wanted) || this.ctx.refusals.states(this.name)[name]) continue;
      await gate?.pending(pod, wanted);
      const answer = await sendPodResize(this.ctx, name, container, wanted);
      if (answer.kind === 'refused') this.ctx.refusals.note(this.name, name, answer.message);
      else this.resized.add(name);
      this.progress ??= { startedMs: this.ctx.clock.now(), deferredSinceMs: {} };
    }
  }

  /** One Normal event per batch of pods brought to the wanted cores. */
  private async reportDone(deployment: V1Deployment, wanted: number): Promise<void> {
    if (this.resized.size === 0) return;
    const template = containerCores(managedContainer(deployment.spec?.template.spec?.containers, this.ctx.config));
    const pods = [...this.resized].join(', ');
    this.resized.clear();
    await this.ctx.events.record(
      deploymentRef(this.name),
      'Normal',
      EventReason.resized,
      `Resized new pods ${pods} in place to ${wanted} cores (the template starts pods at ${template ?? '?'}); reason: ${this.ctx.reason}`,
    );
  }
}

function unschedulable(pod: V1Pod): string {
  const c = pod.status?.conditions?.find((x) => x.type === 'PodScheduled' && x.status === 'False');
  return c?.message ? `: ${c.message}` : '';
}
