import type { Command } from 'commander';
import { startEmulator, type LatencyProfile } from '@infscale/tool-emulator';
import { numberFlag, optionalNumberFlag } from '../number-flag';
import { UsageError, type Io } from '../program';
import type { RegisterCommand } from './index';
import { nextSignal } from './proxy';
import { listenOrExplain } from './listen-or-explain';
import { latencyModelFlag } from './proxy-flags';

export interface EmulatorFlags {
  variant: string;
  latencyModel?: string;
  latencyMs?: string;
  cores: string;
  batch: string;
  workers: string;
  port: string;
  host: string;
}

/** --latency-model (Sponge's l(b, c)) or --latency-ms (every batch the same), one of them. */
function profileOf(flags: EmulatorFlags): LatencyProfile {
  const fixed = optionalNumberFlag('--latency-ms', flags.latencyMs, { above: 0, max: 3_600_000 });
  if (fixed !== undefined && flags.latencyModel !== undefined) throw new UsageError('give either --latency-model or --latency-ms, not both');
  if (fixed !== undefined) return { kind: 'table', points: [{ batch: 1, cores: 0, latencyMs: fixed }] };
  return { kind: 'sponge', ...latencyModelFlag(flags.latencyModel ?? 'sponge') };
}

/** Starts the emulator from the flags (the command's body without the wait for a signal). */
export function emulatorFromFlags(flags: EmulatorFlags) {
  const options = {
    variant: flags.variant,
    profile: profileOf(flags),
    initial: {
      cores: numberFlag('--cores', flags.cores, { above: 0, max: 256 }),
      batch: numberFlag('--batch', flags.batch, { integer: true, min: 1, max: 1024 }),
      workers: numberFlag('--workers', flags.workers, { integer: true, min: 1, max: 1024 }),
    },
    port: numberFlag('--port', flags.port, { integer: true, min: 0, max: 65_535 }),
    host: flags.host,
  };
  return listenOrExplain(() => startEmulator(options), '--host/--port', `${options.host}:${options.port}`);
}

export const registerEmulator: RegisterCommand = (program: Command, io: Io) => {
  program
    .command('emulator')
    .description(
      'Run a stand-in model server with a known service model (for trying infscale profile, loadgen and the scalers without a model): ' +
        'POST /predict (or any POST under /v1/, /v2/) is answered after its queueing and serving time; GET /metrics, /healthz; GET/POST /admin/config {cores, batch, workers}. ' +
        'Logs one JSON line {"event":"ready","url":…}; stops on SIGTERM/SIGINT',
    )
    .option('--variant <name>', 'the variant label of its metrics', 'model')
    .option(
      '--latency-model <model>',
      'time to serve a batch of b with c cores, l(b,c) = gamma·b/c + delta·b + epsilon/c + eta ms: sponge (the bundled ResNet18 fit) or gamma,delta,epsilon,eta (the default: sponge)',
    )
    .option('--latency-ms <ms>', 'instead: every batch takes this long, whatever its size and the cores')
    .option('--cores <n>', 'cores it runs with (POST /admin/config changes them)', '1')
    .option('--batch <n>', 'largest batch a worker takes from the queue at once (no waiting for it to fill)', '1')
    .option('--workers <n>', 'batches served at the same time', '1')
    .option('--port <n>', 'port to listen on (0: any free port)', '8080')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .action(async (flags: EmulatorFlags) => {
      const running = await emulatorFromFlags(flags);
      const signal = nextSignal();
      io.out(
        JSON.stringify({
          event: 'ready',
          url: running.url,
          predict: `${running.url}/predict`,
          metrics: `${running.url}/metrics`,
          config: running.queue.config,
        }),
      );
      await signal;
      await running.close();
      io.out(JSON.stringify({ event: 'closed' }));
    });
};
