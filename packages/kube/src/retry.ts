import { StandbyError } from '@infscale/core';
import { describeFailure, type ApiFailure } from './api-error';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  /** No wait is longer, not even one a server's Retry-After asks for. */
  maxDelayMs: number;
}

/**
 * How long to wait before attempt `attempt + 1`, or undefined to give up. Pure: the jitter comes from
 * `random` (0 ≤ r < 1). Retries 409 Conflict (the caller re-reads), 429 (never sooner than the
 * server's Retry-After, up to maxDelayMs), 5xx and network errors (timeouts too), with exponential
 * backoff and "equal jitter" so replicas that failed together do not retry together. AlreadyExists
 * and 4xx are final. Retry-After is capped: an API server (or a proxy in front of it) asking for an
 * hour would otherwise hold a plan, and the leadership it runs under, for that hour.
 */
export function retryDelayMs(failure: ApiFailure, attempt: number, policy: RetryPolicy, random: () => number): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  const retriable = failure.code === undefined || failure.code === 429 || failure.code >= 500 || (failure.code === 409 && failure.reason !== 'AlreadyExists');
  if (!retriable) return undefined;
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = backoff / 2 + (random() * backoff) / 2;
  const floor = failure.code === 429 && failure.retryAfterSeconds !== undefined ? failure.retryAfterSeconds * 1000 : 0;
  return Math.round(Math.min(policy.maxDelayMs, Math.max(floor, jittered)));
}

export interface RetryDeps {
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  onRetry?: (failure: ApiFailure, attempt: number, delayMs: number) => void;
}

/**
 * Runs `op` until it succeeds or the policy gives up; `op` must re-read whatever it writes from. A
 * StandbyError (we are no longer the leader) is final: it must stop the plan, not be retried.
 */
export async function withRetry<T>(op: (attempt: number) => Promise<T>, deps: RetryDeps): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op(attempt);
    } catch (err) {
      if (err instanceof StandbyError) throw err;
      const failure = describeFailure(err);
      const delay = retryDelayMs(failure, attempt, deps.policy, deps.random);
      if (delay === undefined) throw err;
      deps.onRetry?.(failure, attempt, delay);
      await deps.sleep(delay);
    }
  }
}
