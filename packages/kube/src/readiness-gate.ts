import type { V1Deployment, V1Pod, V1PodCondition } from '@kubernetes/client-node';
import type { ActionContext } from './action-context';
import type { KubeActuatorConfig } from './config';
import { CORES_ANNOTATION, containerCores, managedContainer, managedContainerName } from './deployment-mapping';
import { podSpecCores, sendPodResize } from './pod-cores';
import { formatCpu, parseCpu, sameCpu } from './quantity';
import { podResizeState } from './resize-follow';
import type { FailedResize } from './resize-report';

/** Reasons of the gate's condition, as `kubectl describe pod` shows them. */
export const GateReason = {
  pending: 'ResizePending',
  resized: 'Resized',
  infeasible: 'ResizeInfeasible',
  deferred: 'ResizeDeferred',
  failed: 'ResizeFailed',
} as const;

/** What setting the gate needs: the API, retries, time and a log (an action's context or the actuator's own). */
export type GateContext = Pick<ActionContext, 'api' | 'config' | 'retry' | 'clock' | 'logger' | 'refusals'>;

/** metav1.Time: RFC 3339 at second precision. */
function metaTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The cores the scaler decided for a deployment's pods: the annotation an in-place resize wrote, else the template's. */
export function decidedCores(d: V1Deployment, config: Pick<KubeActuatorConfig, 'container'>): number | undefined {
  const annotated = d.metadata?.annotations?.[CORES_ANNOTATION];
  return annotated !== undefined ? parseCpu(annotated) : containerCores(managedContainer(d.spec?.template.spec?.containers, config));
}

/**
 * The pod runs with `cores`: its spec asks for them, and either its containers have not started (they
 * will start with the spec; no resize is under way) or the kubelet reports the resize done.
 */
export function runsWithCores(pod: V1Pod, container: string, cores: number): boolean {
  if (!sameCpu(podSpecCores(pod, container), cores)) return false;
  const started = pod.status?.containerStatuses?.find((s) => s.name === container)?.resources !== undefined;
  if (!started) return !(pod.status?.conditions ?? []).some((c) => (c.type === 'PodResizePending' || c.type === 'PodResizeInProgress') && c.status === 'True');
  return podResizeState(pod, container, cores).state === 'done';
}

/**
 * The resize readiness gate (config `resizeReadinessGate`) on the pods of one target deployment: a pod
 * condition the actuator owns, False while the pod is not yet at the decided cores and True once it
 * is. A pod whose template lists it in spec.readinessGates is not Ready (no Service traffic) before.
 * A pod that already passed keeps True through later resizes: it serves, and taking it out of its
 * Service for every resize would cost more than the resize gains.
 */
export class ResizeGate {
  private constructor(
    private readonly ctx: GateContext,
    readonly type: string,
  ) {}

  /** The gate for deployment `name`, when configured and `name` is a target (only targets are resized in place). */
  static of(ctx: GateContext, name: string): ResizeGate | undefined {
    const type = ctx.config.resizeReadinessGate;
    return type && ctx.config.targets.includes(name) ? new ResizeGate(ctx, type) : undefined;
  }

  condition(pod: V1Pod): V1PodCondition | undefined {
    return pod.status?.conditions?.find((c) => c.type === this.type);
  }

  passed(pod: V1Pod): boolean {
    return this.condition(pod)?.status === 'True';
  }

  /** Before a resize the pod needs: False (ResizePending), unless it already passed. */
  async pending(pod: V1Pod, cores: number): Promise<void> {
    if (!this.passed(pod)) await this.setCondition(pod, 'False', GateReason.pending, `resizing to ${formatCpu(cores)} cores`);
  }

  /** True (Resized) on every pod that runs with `cores` (any pod when the deployment names no cores). */
  async admit(pods: V1Pod[], container: string, cores: number | undefined): Promise<void> {
    for (const pod of pods) {
      if (pod.metadata?.deletionTimestamp || this.passed(pod)) continue;
      if (cores === undefined) await this.setCondition(pod, 'True', GateReason.resized, 'the deployment names no CPU to resize to');
      else if (runsWithCores(pod, container, cores)) await this.setCondition(pod, 'True', GateReason.resized, `runs with ${formatCpu(cores)} cores`);
    }
  }

  /**
   * A resize that will not finish: its pods that have not passed stay False, with the reason. Returns
   * the sentence for the Warning event ('' when every pod named had already passed).
   */
  async hold(pods: V1Pod[], verdict: FailedResize, cores: number): Promise<string> {
    const reason = { infeasible: GateReason.infeasible, error: GateReason.failed, 'deferred-too-long': GateReason.deferred, timeout: GateReason.pending }[
      verdict.kind
    ];
    const detail = verdict.kind === 'timeout' ? 'did not finish in time' : verdict.message;
    const held = pods.filter((p) => verdict.pods.includes(p.metadata?.name ?? '') && !this.passed(p));
    for (const pod of held) await this.setCondition(pod, 'False', reason, `resize to ${formatCpu(cores)} cores ${verdict.kind}: ${detail}`);
    if (held.length === 0) return '';
    const names = held.map((p) => p.metadata!.name!).join(', ');
    this.ctx.logger.warn('readiness gate left False', { gate: this.type, pods: names, reason });
    return `readiness gate ${this.type} left False on ${names}: no Service traffic until they run with ${formatCpu(cores)} cores`;
  }

  /** Strategic merge of pods/status: conditions merge by type, so the kubelet's own stay as they are. */
  async setCondition(pod: V1Pod, status: 'True' | 'False', reason: string, message: string): Promise<void> {
    const name = pod.metadata!.name!;
    const previous = this.condition(pod);
    if (previous?.status === status && previous.reason === reason && previous.message === message) return;
    const since = previous?.status === status && previous.lastTransitionTime ? new Date(previous.lastTransitionTime).getTime() : this.ctx.clock.now();
    const condition = { type: this.type, status, reason, message, lastTransitionTime: metaTime(since) };
    await this.ctx.retry(`set ${this.type} on pod ${name}`, () => this.ctx.api.patchPodStatus(name, { status: { conditions: [condition] } }));
    // Later calls in the same pass see what was just written.
    pod.status = { ...pod.status, conditions: [...(pod.status?.conditions ?? []).filter((c) => c.type !== this.type), condition as unknown as V1PodCondition] };
  }

  /**
   * One level-triggered pass over a target's pods between plans (pods that appeared without a plan:
   * eviction, a rollout): admits those at the decided cores, sends pods/resize to bound pods at other
   * cores (as a scale-up does), and writes why the rest wait. No waiting, no events.
   */
  async reconcile(deployment: V1Deployment, pods: V1Pod[]): Promise<void> {
    const wanted = decidedCores(deployment, this.ctx.config);
    const container = managedContainerName(this.ctx.config, deployment.spec?.template.spec?.containers);
    const waiting = pods.filter((p) => !p.metadata?.deletionTimestamp && !this.passed(p));
    await this.admit(waiting, container, wanted);
    if (wanted === undefined) return;
    const name = deployment.metadata?.name ?? '';
    for (const pod of waiting.filter((p) => !this.passed(p))) {
      const refused = this.ctx.refusals.states(name)[pod.metadata!.name!];
      if (refused) {
        // The API server refused this resize already: asking again every pass would only flap the condition.
        await this.setCondition(pod, 'False', GateReason.infeasible, `resize to ${formatCpu(wanted)} cores infeasible: ${refused.message}`);
        continue;
      }
      if (pod.spec?.nodeName && !sameCpu(podSpecCores(pod, container), wanted)) {
        await this.pending(pod, wanted);
        const answer = await sendPodResize(this.ctx, pod.metadata!.name!, container, wanted);
        if (answer.kind === 'refused') {
          this.ctx.refusals.note(name, pod.metadata!.name!, answer.message);
          await this.setCondition(pod, 'False', GateReason.infeasible, `resize to ${formatCpu(wanted)} cores infeasible: ${answer.message}`);
        }
        continue;
      }
      const { state, message } = podResizeState(pod, container, wanted);
      if (state === 'infeasible')
        await this.setCondition(pod, 'False', GateReason.infeasible, `resize to ${formatCpu(wanted)} cores infeasible: ${message ?? ''}`);
      else if (state === 'deferred')
        await this.setCondition(pod, 'False', GateReason.deferred, `resize to ${formatCpu(wanted)} cores deferred: ${message ?? ''}`);
      else if (state === 'error') await this.setCondition(pod, 'False', GateReason.failed, `resize to ${formatCpu(wanted)} cores failed: ${message ?? ''}`);
      else await this.pending(pod, wanted);
    }
  }
}
