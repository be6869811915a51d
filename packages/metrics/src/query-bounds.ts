import type { PrometheusConnectionOptions } from 'prometheus-query';

/** The driver's axios request, as its request interceptor sees it (axios itself is not our dependency). */
type DriverRequest = Parameters<NonNullable<PrometheusConnectionOptions['requestInterceptor']>['onFulfilled']>[0];

/** The bounds of one query: the whole call's deadline and the largest answer read. */
export interface QueryBounds {
  timeoutMs: number;
  maxResponseBytes: number;
}

/**
 * Puts both bounds on one axios request. The driver's own `timeout` is only an idle timeout (a
 * server trickling bytes resets it), so a signal aborts the whole call at the deadline; axios
 * counts the (decompressed) answer against maxContentLength as it arrives and stops there.
 */
export function boundRequest(request: DriverRequest, bounds: QueryBounds): DriverRequest {
  request.signal = AbortSignal.timeout(bounds.timeoutMs);
  request.maxContentLength = bounds.maxResponseBytes;
  return request;
}

/**
 * The reason for a query that hit a bound, in describeQueryError's `type: message` shape, or
 * undefined for any other failure. prometheus-query rethrows axios' errors as {code, error}: the
 * signal's abort arrives as ERR_CANCELED (nothing else cancels), an over-size answer as axios'
 * "maxContentLength size of N exceeded".
 */
export function boundsFailure(err: unknown, server: string, bounds: QueryBounds): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, error } = err as { code?: unknown; error?: unknown };
  if (code === 'ERR_CANCELED') return `timeout_error: no complete answer from ${server} within ${bounds.timeoutMs} ms (timeoutMs)`;
  if (typeof error === 'string' && error.startsWith('maxContentLength size of')) {
    return `response_too_large: the answer from ${server} is over ${bounds.maxResponseBytes} bytes (maxResponseBytes)`;
  }
  return undefined;
}
