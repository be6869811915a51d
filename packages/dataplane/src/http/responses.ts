import type * as http from 'node:http';

/**
 * Answers with a JSON body. A request already answered (a deadline, a timeout or the drain got there
 * first) is left alone; one whose answer has started streaming cannot take another, so its
 * connection is closed.
 */
export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  if (res.writableEnded) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Seconds since a process.hrtime.bigint() reading: for latency histograms. */
export function secondsSince(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e9;
}
