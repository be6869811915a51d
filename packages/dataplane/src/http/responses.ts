import type * as http from 'node:http';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id';

/**
 * Answers with a JSON body. A request already answered (a deadline, a timeout or the drain got there
 * first) is left alone; one whose answer has started streaming cannot take another, so its
 * connection is closed. An error answer (status 400 and up) on a traffic port carries the request's
 * id: in the header X-Request-Id and, for an object body, as its `requestId`.
 */
export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  if (res.writableEnded) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const requestId = status >= 400 ? requestIdOf(res) : undefined;
  if (requestId !== undefined) {
    headers = { ...headers, [REQUEST_ID_HEADER]: requestId };
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) body = { ...body, requestId };
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Seconds since a process.hrtime.bigint() reading: for latency histograms. */
export function secondsSince(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e9;
}
