import { deploymentRef, type ActionContext } from './action-context';
import { EventReason } from './conventions';
import type { ResizeVerdict } from './resize-follow';

/** A verdict that ends an in-place resize without success. */
export type FailedResize = Exclude<ResizeVerdict, { kind: 'done' } | { kind: 'wait' }>;

/** Thrown when an in-place resize cannot finish; the plan stops and status().lastError says why. */
export class ResizeError extends Error {
  constructor(
    readonly verdict: FailedResize,
    message: string,
  ) {
    super(message);
    this.name = 'ResizeError';
  }
}

/** The Warning reason and the message people read for a failed in-place resize (events and lastError alike). */
export function describeFailedResize(cores: number, verdict: FailedResize, subject = 'In-place resize'): { reason: string; message: string } {
  const reason =
    verdict.kind === 'infeasible' ? EventReason.resizeInfeasible : verdict.kind === 'error' ? EventReason.resizeFailed : EventReason.resizeDeferred;
  const detail = verdict.kind === 'timeout' ? 'did not finish in time' : verdict.message;
  return { reason, message: `${subject} to ${cores} cores ${verdict.kind} on ${verdict.pods.join(', ')}: ${detail}` };
}

/** Records the Warning on the deployment and throws the ResizeError that stops the plan; `note` adds what the readiness gate did. */
export async function failResize(ctx: ActionContext, name: string, cores: number, verdict: FailedResize, subject?: string, note = ''): Promise<never> {
  const described = describeFailedResize(cores, verdict, subject);
  const { reason } = described;
  const message = note ? `${described.message}; ${note}` : described.message;
  await ctx.events.record(deploymentRef(name), 'Warning', reason, message);
  throw new ResizeError(verdict, message);
}
