import { parseArgs } from 'node:util';
import type { EmulatorOptions } from './emulator-server';
import type { LatencyProfile } from './latency-model';

export const EMULATOR_USAGE = `usage: node tools/emulator/bin/emulator.js --variant NAME --profile JSON [--cores C] [--batch B] [--workers W] [--port P] [--host H]
  --profile   the latency profile as JSON: {"kind":"table","points":[{"batch":1,"cores":2,"latencyMs":40},…]}
              or {"kind":"sponge","gamma":…,"delta":…,"epsilon":…,"eta":…}
  --cores     CPU cores it serves with (default 1), --batch largest batch (default 1), --workers (default 1)
  --port      0: any free port (default 0); --host 127.0.0.1 (default)
A model-server stand-in with a known capacity: POST anything to be served after the profile's time; GET
/metrics; POST /admin/config {cores,batch,workers}. Prints one JSON line {"event":"ready","url":…}.`;

/** A bad flag: the message names it and says what would be valid. */
export class EmulatorUsageError extends Error {}

function positive(flag: string, value: string, integer: boolean): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0) || (integer && !Number.isInteger(n))) {
    throw new EmulatorUsageError(`--${flag} must be a ${integer ? 'whole number' : 'number'} > 0, got "${value}"`);
  }
  return n;
}

function profileOf(text: string): LatencyProfile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new EmulatorUsageError(`--profile must be JSON, got "${text.slice(0, 60)}"`);
  }
  const kind = (parsed as { kind?: unknown } | null)?.kind;
  if (kind === 'table' && Array.isArray((parsed as { points?: unknown }).points)) return parsed as LatencyProfile;
  if (kind === 'sponge') return parsed as LatencyProfile;
  throw new EmulatorUsageError('--profile must have "kind": "table" with "points", or "kind": "sponge" with gamma, delta, epsilon and eta');
}

/** The emulator's options from its command line. Pure; throws EmulatorUsageError naming the flag. */
export function parseEmulatorArgs(argv: string[]): EmulatorOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      variant: { type: 'string' },
      profile: { type: 'string' },
      cores: { type: 'string', default: '1' },
      batch: { type: 'string', default: '1' },
      workers: { type: 'string', default: '1' },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
    },
  });
  if (!values.variant) throw new EmulatorUsageError('--variant is required: the model variant it serves (a label on its metrics)');
  if (!values.profile) throw new EmulatorUsageError('--profile is required: its latency profile as JSON');
  if (!/^\d+$/.test(values.port) || Number(values.port) > 65535) throw new EmulatorUsageError(`--port must be 0..65535, got "${values.port}"`);
  return {
    variant: values.variant,
    profile: profileOf(values.profile),
    initial: {
      cores: positive('cores', values.cores, false),
      batch: positive('batch', values.batch, true),
      workers: positive('workers', values.workers, true),
    },
    port: Number(values.port),
    host: values.host,
  };
}
