import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, parseConfig, errorMessage } from '@infscale/core';
import { z } from 'zod';
import { EmulatorMetrics } from './emulator-metrics';
import type { LatencyProfile } from './latency-model';
import { ServingQueue, type ServingConfig, type StartedBatch } from './serving-queue';

export interface EmulatorOptions {
  variant: string;
  profile: LatencyProfile;
  initial: ServingConfig;
  port?: number;
  /** 127.0.0.1 unless told otherwise. */
  host?: string;
}

export interface RunningEmulator {
  readonly url: string;
  readonly metrics: EmulatorMetrics;
  readonly queue: ServingQueue;
  close(): Promise<void>;
}

const servingConfigSchema = z
  .object({ cores: z.number().positive().max(256), batch: z.number().int().min(1).max(1024), workers: z.number().int().min(1).max(1024) })
  .strict();
const adminChangeSchema = servingConfigSchema.partial().strict();

const MAX_BODY_BYTES = 1 << 20;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY_BYTES) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

const json = (res: ServerResponse, status: number, value: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));

/**
 * A model-server emulator: POST /predict (or any POST under /v1/ or /v2/) is answered after the
 * queueing and serving time of the profile; GET /metrics, /healthz, /readyz; GET and POST
 * /admin/config change cores, batch and workers at run time (like Sponge's /change endpoint).
 */
export function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const queue = new ServingQueue(options.profile, parseConfig(servingConfigSchema, options.initial, 'emulator initial config'));
  const metrics = new EmulatorMetrics(options.variant, queue);
  const labels = { variant: options.variant };
  const waiting = new Map<number, { arrivedMs: number; res: ServerResponse }>();
  const timers = new Set<NodeJS.Timeout>();
  let nextRequestId = 1;

  const schedule = (batches: StartedBatch[]) => {
    for (const batch of batches) {
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          const { done, started } = queue.complete(batch.id, Date.now());
          metrics.batchSize.observe(labels, done.requestIds.length);
          for (const id of done.requestIds) {
            const w = waiting.get(id);
            waiting.delete(id);
            if (!w) continue;
            const latencyMs = Date.now() - w.arrivedMs;
            metrics.duration.observe(labels, latencyMs / 1000);
            json(w.res, 200, { variant: options.variant, batch: done.requestIds.length, latencyMs });
          }
          schedule(started);
        },
        Math.max(0, batch.endMs - Date.now()),
      );
      timers.add(timer);
    }
  };

  const admin = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET') return json(res, 200, queue.config);
    try {
      const change = parseConfig(adminChangeSchema, JSON.parse((await readBody(req)) || '{}'), 'POST /admin/config');
      schedule(queue.reconfigure({ ...queue.config, ...change }, Date.now()));
      json(res, 200, queue.config);
    } catch (err) {
      const issues = err instanceof ConfigError ? err.issues : [{ path: '', message: String(err) }];
      json(res, 400, { error: errorMessage(err), issues });
    }
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics' && req.method === 'GET') {
      metrics.registry.metrics().then((text) => res.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(text));
    } else if ((path === '/healthz' || path === '/readyz') && req.method === 'GET') {
      res.writeHead(200).end('ok\n');
    } else if (path === '/admin/config') {
      void admin(req, res);
    } else if (req.method === 'POST' && (path === '/predict' || path.startsWith('/v1/') || path.startsWith('/v2/'))) {
      // The body is the client's business: read and dropped, so the socket is drained.
      req.resume();
      const id = nextRequestId++;
      metrics.requests.inc(labels);
      waiting.set(id, { arrivedMs: Date.now(), res });
      schedule(queue.arrive(id, Date.now()));
    } else {
      res.writeHead(404).end();
    }
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${options.host ?? '127.0.0.1'}:${port}`,
        metrics,
        queue,
        close: () =>
          new Promise<void>((done) => {
            for (const t of timers) clearTimeout(t);
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
