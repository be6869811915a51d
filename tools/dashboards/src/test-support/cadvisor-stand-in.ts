import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CadvisorStandIn {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * What the kubelet's cAdvisor would export for one container: `container_cpu_usage_seconds_total`,
 * here growing at `cores()` CPU-seconds per second (the model server's current size, as if busy).
 * Why: PrometheusSource reads a deployment's CPU per pod whenever a scaler observes deployments
 * (Sponge does), and nothing on this machine runs cAdvisor. Sponge does not decide on it.
 */
export function startCadvisorStandIn(container: string, cores: () => number): Promise<CadvisorStandIn> {
  let usage = 0;
  let last = Date.now();
  const server = createServer((_req, res) => {
    const now = Date.now();
    usage += ((now - last) / 1000) * cores();
    last = now;
    const body = [
      '# HELP container_cpu_usage_seconds_total Cumulative cpu time consumed (stand-in).',
      '# TYPE container_cpu_usage_seconds_total counter',
      `container_cpu_usage_seconds_total{container="${container}"} ${usage}`,
      '',
    ].join('\n');
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/metrics`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
