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
}

export interface RunningMetricsServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** /metrics for Prometheus, /healthz (the process answers and is not stalled) and /readyz for Kubernetes probes. */
export function startMetricsServer(options: MetricsServerOptions): Promise<RunningMetricsServer> {
  const server: Server = createServer((req, res) => {
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
        .catch((err: unknown) => res.writeHead(500).end(String(err)));
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
