import { parseArgs } from 'node:util';
import { errorMessage } from '@infscale/core';
import { adminHostProblem, DEFAULT_MAX_ADMIN_BODY_BYTES, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_QUEUE, readAdminTokenFile } from '@infscale/dataplane';
import { servingProblem, type EmulatorOptions, type LatencyProfile } from '@infscale/emulator';

export const EMULATOR_USAGE = `usage: node tools/emulator/bin/emulator.js --variant NAME --profile JSON [--cores C] [--batch B] [--workers W] [--port P] [--host H]
       [--admin-port P] [--admin-host H] [--admin-token-file PATH] [--max-queue N] [--max-body-bytes N] [--max-admin-body-bytes N]
  --profile   the latency profile as JSON: {"kind":"table","points":[{"batch":1,"cores":2,"latencyMs":40},…]}
              or {"kind":"sponge","gamma":…,"delta":…,"epsilon":…,"eta":…}; it must serve every batch up to --batch at --cores
  --cores     CPU cores it serves with (default 1), --batch largest batch (default 1), --workers (default 1)
  --port      traffic port, 0: any free port (default 0); --host 127.0.0.1 (default): POST /predict (or any POST under
              /v1/, /v2/) is served after the profile's time; GET /metrics, /healthz, /readyz; /admin/* answers 404 here
  --admin-port  admin port, 0: any free port (default 0; there is always one, never the traffic port): GET and POST
              /admin/config {cores,batch,workers} (or Sponge's hook's {batchSize,cores}), and GET /livez without the
              token; --admin-host 127.0.0.1 (default): any other address needs --admin-token-file
  --admin-token-file  file holding the admin token: every admin call then needs Authorization: Bearer <token> (401 otherwise)
  --max-queue requests held at most, waiting, served or still sending their bodies (default ${DEFAULT_MAX_QUEUE}); more get 503
              {"error":"queue-full"} at once. --max-body-bytes largest request body (default ${DEFAULT_MAX_BODY_BYTES}),
              --max-admin-body-bytes largest admin body (default ${DEFAULT_MAX_ADMIN_BODY_BYTES}); larger: 413. A client that
              has not sent its whole request within 30 s gets 408. Refusals are counted in
              infscale_model_rejected_total{reason="queue-full"|"body-too-large"} on /metrics.
A model-server stand-in with a known capacity. Prints one JSON line {"event":"ready","url":…,"adminUrl":…}.`;

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

function portOf(flag: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new EmulatorUsageError(`--${flag} must be 0..65535, got "${value}"`);
  return Number(value);
}

function tokenOf(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  try {
    return readAdminTokenFile(path);
  } catch (err) {
    throw new EmulatorUsageError(errorMessage(err));
  }
}

/** The emulator's options from its command line. Pure but for reading --admin-token-file; throws EmulatorUsageError naming the flag. */
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
      'admin-port': { type: 'string', default: '0' },
      'admin-host': { type: 'string', default: '127.0.0.1' },
      'admin-token-file': { type: 'string' },
      'max-queue': { type: 'string', default: String(DEFAULT_MAX_QUEUE) },
      'max-body-bytes': { type: 'string', default: String(DEFAULT_MAX_BODY_BYTES) },
      'max-admin-body-bytes': { type: 'string', default: String(DEFAULT_MAX_ADMIN_BODY_BYTES) },
    },
  });
  if (!values.variant) throw new EmulatorUsageError('--variant is required: the model variant it serves (a label on its metrics)');
  if (!values.profile) throw new EmulatorUsageError('--profile is required: its latency profile as JSON');
  const port = portOf('port', values.port);
  const adminPort = portOf('admin-port', values['admin-port']);
  if (port !== 0 && port === adminPort)
    throw new EmulatorUsageError(`--admin-port ${adminPort} must differ from --port: traffic and admin are separate listeners`);
  const adminToken = tokenOf(values['admin-token-file']);
  const adminHostRefused = adminHostProblem(values['admin-host'], adminToken !== undefined);
  if (adminHostRefused !== undefined) throw new EmulatorUsageError(adminHostRefused);
  const profile = profileOf(values.profile);
  const initial = {
    cores: positive('cores', values.cores, false),
    batch: positive('batch', values.batch, true),
    workers: positive('workers', values.workers, true),
  };
  const unservable = servingProblem(profile, initial.batch, initial.cores);
  if (unservable !== undefined) throw new EmulatorUsageError(`--profile cannot serve --batch ${initial.batch} at --cores ${initial.cores}: ${unservable}`);
  return {
    variant: values.variant,
    profile,
    initial,
    port,
    host: values.host,
    adminPort,
    adminHost: values['admin-host'],
    adminToken,
    maxQueue: positive('max-queue', values['max-queue'], true),
    maxBodyBytes: positive('max-body-bytes', values['max-body-bytes'], true),
    maxAdminBodyBytes: positive('max-admin-body-bytes', values['max-admin-body-bytes'], true),
  };
}
