import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';

/** Why requests failed, by kind ("ECONNREFUSED", "timeout", "HTTP 503"), with counts. */
export type FailureReasons = Record<string, number>;

/**
 * Runs `work` while counting why requests to `target` fail. runLoad (packages/profiler) keeps only
 * ok/failed, so the reasons are read from Node's http client diagnostics channels, which see every
 * request of this process; those to another host or path are left out.
 */
export async function countingFailures<T>(target: URL, work: () => Promise<T>): Promise<{ result: T; failures: FailureReasons }> {
  const failures: FailureReasons = {};
  const path = target.pathname + target.search;
  const ours = (request: ClientRequest) => request.host === target.hostname && request.path === path;
  const add = (kind: string) => (failures[kind] = (failures[kind] ?? 0) + 1);
  const onError = (message: unknown) => {
    const { request, error } = message as { request: ClientRequest; error: NodeJS.ErrnoException };
    if (ours(request)) add(error.code ?? error.message);
  };
  const onResponse = (message: unknown) => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    if (ours(request) && response.statusCode !== undefined && response.statusCode >= 400) add(`HTTP ${response.statusCode}`);
  };
  subscribe('http.client.request.error', onError);
  subscribe('http.client.response.finish', onResponse);
  try {
    return { result: await work(), failures };
  } finally {
    unsubscribe('http.client.request.error', onError);
    unsubscribe('http.client.response.finish', onResponse);
  }
}

/** "ECONNREFUSED ×5, HTTP 503 ×2", most frequent first. */
export function formatFailures(failures: FailureReasons): string {
  return Object.entries(failures)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([kind, n]) => `${kind} ×${n}`)
    .join(', ');
}
