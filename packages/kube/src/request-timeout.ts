import { Observable, type ConfigurationOptions, type ObservableMiddleware, type RequestContext, type ResponseContext } from '@kubernetes/client-node';

/** A Kubernetes API call that did not answer in time; no HTTP code, so the retry policy treats it as a network error. */
export class RequestTimeoutError extends Error {
  override name = 'RequestTimeoutError';

  constructor(what: string, timeoutMs: number) {
    super(`${what}: no answer from the Kubernetes API within ${timeoutMs} ms`);
  }
}

/** client-node's per-call options with one more middleware: it hands the request our AbortSignal (fetch then aborts on it). */
export function withSignal(signal: AbortSignal, options: ConfigurationOptions = {}): ConfigurationOptions {
  const middleware: ObservableMiddleware = {
    pre: (request: RequestContext) => {
      request.setSignal(signal);
      return new Observable(Promise.resolve(request));
    },
    post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
  };
  return { ...options, middleware: [...(options.middleware ?? []), middleware], middlewareMergeStrategy: 'append' };
}

/**
 * Runs one API call with a deadline: at `timeoutMs` the request is aborted (its socket closed) and
 * the call rejects with RequestTimeoutError, even if the library went on waiting (a body that never
 * ends). A server that accepts and never answers then costs one timeout, not the loop.
 */
export function withRequestTimeout<T>(what: string, timeoutMs: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new RequestTimeoutError(what, timeoutMs);
      abort.abort(err);
      reject(err);
    }, timeoutMs);
  });
  return Promise.race([call(abort.signal), expired]).finally(() => clearTimeout(timer));
}
