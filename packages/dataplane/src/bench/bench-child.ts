import { DispatcherProxy } from '../http/dispatcher-proxy';
import { UpstreamServer } from '../test-support/upstream-server';

/**
 * A benchmark server in its own process, so the proxy has a core to itself and the load generator
 * never competes with it in one event loop. Speaks to the parent over IPC: sends {url} once
 * listening, answers 'cpu' with its CPU time in µs, exits on 'stop'.
 */
export async function runBenchChild(role: string, upstreamUrl?: string): Promise<void> {
  const server =
    role === 'upstream'
      ? new UpstreamServer({ name: 'direct', record: false })
      : new DispatcherProxy({ variantUrls: { a: upstreamUrl as string, b: upstreamUrl as string }, quotas: { a: 3, b: 1 } });
  const url = await server.listen();
  const send = (message: unknown) => process.send?.(message);
  process.on('message', (message) => {
    if (message === 'cpu') {
      const usage = process.cpuUsage();
      send({ cpuUs: usage.user + usage.system });
    } else if (message === 'stop') {
      void server.close().then(() => process.exit(0));
    }
  });
  send({ url });
}
