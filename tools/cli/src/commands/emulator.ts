import type { Command } from 'commander';
import { DEFAULT_MAX_QUEUE } from '@infscale/dataplane';
import { EmulatorServer, type LatencyProfile } from '@infscale/emulator';
import { numberFlag, optionalNumberFlag } from '../number-flag';
import { UsageError, type Io } from '../program';
import type { RegisterCommand } from './index';
import { nextSignal, withAdminOptions } from './proxy';
import { latencyModelFlag, maxQueueFlag } from './proxy-flags';
import { listenAddressesFromFlags, listenApart, serviceOptionsFromFlags, type ListenerFlags } from './proxy-services';

export interface EmulatorFlags extends ListenerFlags {
  variant: string;
  latencyModel?: string;
  latencyMs?: string;
  cores: string;
  batch: string;
  workers: string;
  maxQueue: string;
}

/** --latency-model (Sponge's l(b, c)) or --latency-ms (every batch the same), one of them. */
function profileOf(flags: EmulatorFlags): LatencyProfile {
  const fixed = optionalNumberFlag('--latency-ms', flags.latencyMs, { above: 0, max: 3_600_000 });
  if (fixed !== undefined && flags.latencyModel !== undefined) throw new UsageError('give either --latency-model or --latency-ms, not both');
  if (fixed !== undefined) return { kind: 'table', points: [{ batch: 1, cores: 0, latencyMs: fixed }] };
  return { kind: 'sponge', ...latencyModelFlag(flags.latencyModel ?? 'sponge') };
}

/** Starts the emulator from the flags (the command's body without the wait for a signal): traffic on --port, /admin/config on --admin-port. */
export async function emulatorFromFlags(flags: EmulatorFlags) {
  const addresses = listenAddressesFromFlags(flags);
  const emulator = new EmulatorServer({
    ...serviceOptionsFromFlags(flags),
    variant: flags.variant,
    profile: profileOf(flags),
    initial: {
      cores: numberFlag('--cores', flags.cores, { above: 0, max: 256 }),
      batch: numberFlag('--batch', flags.batch, { integer: true, min: 1, max: 1024 }),
      workers: numberFlag('--workers', flags.workers, { integer: true, min: 1, max: 1024 }),
    },
    maxQueue: maxQueueFlag(flags.maxQueue),
  });
  const { url, adminUrl } = await listenApart(emulator, addresses);
  return { url, adminUrl, queue: emulator.queue, close: () => emulator.close() };
}

export const registerEmulator: RegisterCommand = (program: Command, io: Io) => {
  withAdminOptions(
    program
      .command('emulator')
      .description(
        'Run a stand-in model server with a known service model (for trying infscale profile, loadgen and the scalers without a model). ' +
          'Traffic (--port): POST /predict (or any POST under /v1/, /v2/) is answered after its queueing and serving time; GET /metrics, /healthz, /readyz; /admin/* answers 404. ' +
          "Admin (--admin-port, always on, 127.0.0.1:8081 unless told otherwise): GET/POST /admin/config {cores, batch, workers} (or the Sponge hook's {batchSize, cores}), GET /livez. " +
          'A client that has not sent its whole request within 30 s gets 408. ' +
          'Logs one JSON line {"event":"ready","url":…,"adminUrl":…}; stops on SIGTERM/SIGINT',
      )
      .option('--variant <name>', 'the variant label of its metrics', 'model')
      .option(
        '--latency-model <model>',
        'time to serve a batch of b with c cores, l(b,c) = gamma·b/c + delta·b + epsilon/c + eta ms: sponge (the bundled ResNet18 fit) or gamma,delta,epsilon,eta (the default: sponge)',
      )
      .option('--latency-ms <ms>', 'instead: every batch takes this long, whatever its size and the cores')
      .option('--cores <n>', 'cores it runs with (POST /admin/config on the admin port changes them)', '1')
      .option('--batch <n>', 'largest batch a worker takes from the queue at once (no waiting for it to fill)', '1')
      .option('--workers <n>', 'batches served at the same time', '1')
      .option('--port <n>', 'traffic port: predictions, GET /metrics, /healthz, /readyz (0: any free port)', '8080')
      .option('--host <addr>', 'traffic address', '127.0.0.1')
      .option(
        '--max-queue <n>',
        'requests held at most (waiting, being served, or still sending their bodies); more are answered 503 {"error":"queue-full"} at once',
        String(DEFAULT_MAX_QUEUE),
      ),
    'largest request body on the traffic port (read and dropped)',
  ).action(async (flags: EmulatorFlags) => {
    const running = await emulatorFromFlags(flags);
    const signal = nextSignal();
    io.out(
      JSON.stringify({
        event: 'ready',
        url: running.url,
        adminUrl: running.adminUrl,
        predict: `${running.url}/predict`,
        metrics: `${running.url}/metrics`,
        admin: `${running.adminUrl}/admin/config`,
        config: running.queue.config,
      }),
    );
    await signal;
    await running.close();
    io.out(JSON.stringify({ event: 'closed' }));
  });
};
