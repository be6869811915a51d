import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsServerOptions {
  /** The registries whose metrics /metrics serves (merged in order). */
  registries: Registry[];
  /** Port 0 picks a free one. */
  port?: number;
  /** 127.0.0.1 by default; 0.0.0.0 in a pod. */
  host?: string;
  /** /readyz answers 200 only while this holds (e.g. "leader elected and first observation read"). */
  ready?: () => boolean;
  /** /healthz answers 503 with the reason while this says not ok (e.g. a stalled control loop); 200 otherwise. */
  health?: () => { ok: true } | { ok: false; reason: string };
  /** Told when collecting the metrics failed (the scraper gets a 500 without the error's text). */
  onError?: (err: unknown) => void;
  /** A request not fully received within this is answered 408 and disconnected (a slow or stalled client), ms. */
  requestTimeoutMs?: number;
  /** Connections open at once; more are closed at once (Prometheus and the kubelet's probes need a handful). */
  maxConnections?: number;
}

/** Prometheus' scrape timeout is 10 s by default; nothing a scrape or a probe sends takes longer to arrive. */
export const DEFAULT_METRICS_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_METRICS_MAX_CONNECTIONS = 64;

export interface RunningMetricsServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** /metrics for Prometheus, /healthz (the process answers and is not stalled) and /readyz for Kubernetes probes. */
export function startMetricsServer(options: MetricsServerOptions): Promise<RunningMetricsServer> {
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_METRICS_REQUEST_TIMEOUT_MS;
  if (!(Number.isInteger(requestTimeoutMs) && requestTimeoutMs > 0))
    throw new RangeError(`requestTimeoutMs must be a positive integer, got ${requestTimeoutMs}`);
  const maxConnections = options.maxConnections ?? DEFAULT_METRICS_MAX_CONNECTIONS;
  if (!(Number.isInteger(maxConnections) && maxConnections > 0)) throw new RangeError(`maxConnections must be a positive integer, got ${maxConnections}`);
  // Node's defaults would let a client hold a connection for 5 minutes sending nothing, and open as many as it likes.
  const timeouts = { requestTimeout: requestTimeoutMs, headersTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.min(1000, requestTimeoutMs) };
  const server: Server = createServer(timeouts, (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    } else if (path === '/metrics') {
      const first = options.registries[0];
      Promise.all(options.registries.map((r) => r.metrics()))
        .then((texts) => {
          res.writeHead(200, { 'Content-Type': first?.contentType ?? 'text/plain; version=0.0.4' });
          res.end(texts.filter((t) => t !== '').join('\n'));
        })
        // A collector's exception text is not for whoever scrapes (it may name internals).
        .catch((err: unknown) => {
          options.onError?.(err);
          res.writeHead(500, { 'Content-Type': 'text/plain' }).end('collecting the metrics failed\n');
        });
    } else if (path === '/healthz') {
      const health = options.health?.() ?? { ok: true };
      if (health.ok) res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n');
      else res.writeHead(503, { 'Content-Type': 'text/plain' }).end(`${health.reason}\n`);
    } else if (path === '/readyz') {
      const ready = options.ready?.() ?? true;
      res.writeHead(ready ? 200 : 503, { 'Content-Type': 'text/plain' }).end(ready ? 'ready\n' : 'not ready\n');
    } else {
      res.writeHead(404).end();
    }
  });
  server.maxConnections = maxConnections;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { port, address } = server.address() as AddressInfo;
      resolve({
        url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
