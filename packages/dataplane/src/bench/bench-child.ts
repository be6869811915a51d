import { DispatcherProxy, type DispatcherProxyOptions } from '../http/dispatcher-proxy';
import { UpstreamServer } from '../test-support/upstream-server';
import { MAX_TIMER_MS } from '../http/wakeup-timer';

/** Which limits a bench proxy runs with: as deployed, or the largest values its options accept. */
export type BenchLimits = 'default' | 'max';

/**
 * The dispatcher's limits cannot be turned off (the deployed code has no such switch, and the bench
 * adds none): 'max' sets each to the largest value the constructor accepts, so no request ever hits
 * one. The body counting and the upstream timer still run per request; what 'default' vs 'max'
 * measures is what the deployed values cost beyond that.
 */
function limitOptions(limits: BenchLimits): Partial<DispatcherProxyOptions> {
  return limits === 'max' ? { maxBodyBytes: Number.MAX_SAFE_INTEGER, upstreamTimeoutMs: MAX_TIMER_MS } : {};
}

/**
 * A benchmark server in its own process, so the proxy has a core to itself and the load generator
 * never competes with it in one event loop. Speaks to the parent over IPC: sends {url} once
 * listening, answers 'cpu' with its CPU time in µs, exits on 'stop'.
 */
export async function runBenchChild(role: string, upstreamUrl?: string, limits: BenchLimits = 'default'): Promise<void> {
  const server =
    role === 'upstream'
      ? new UpstreamServer({ name: 'direct', record: false })
      : new DispatcherProxy({ variantUrls: { a: upstreamUrl as string, b: upstreamUrl as string }, quotas: { a: 3, b: 1 }, ...limitOptions(limits) });
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
