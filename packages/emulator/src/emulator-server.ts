import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ConfigError, parseConfig, errorMessage } from '@infscale/core';
import {
  AdminToken,
  answerAdminOnTrafficPort,
  answerQueueFull,
  answerTooLarge,
  answerUnauthorized,
  BodyTooLargeError,
  DEFAULT_MAX_ADMIN_BODY_BYTES,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_QUEUE,
  DEFAULT_REQUEST_TIMEOUT_MS,
  discardBody,
  isAdminPath,
  listenerTimeouts,
  listenOn,
  positiveInteger,
  readBody,
  readJson,
  sendJson,
} from '@infscale/dataplane';
import { z } from 'zod';
import { EmulatorMetrics } from './emulator-metrics';
import type { LatencyProfile } from './latency-model';
import { ServingQueue, type ServingConfig, type StartedBatch } from './serving-queue';

/** What the emulator serves and its limits; where it listens is given to listen() and listenAdmin(). */
export interface EmulatorSettings {
  variant: string;
  profile: LatencyProfile;
  initial: ServingConfig;
  /** When set, every admin call needs `Authorization: Bearer <token>` (401 otherwise); GET /livez never does. */
  adminToken?: string;
  /** Requests held at most: waiting, being served, or still sending their bodies; more get 503 at once. Default 1000. */
  maxQueue?: number;
  /** Largest request body on the traffic port (bytes); larger ones get 413. Default 16 MiB. */
  maxBodyBytes?: number;
  /** Largest admin body (bytes); default 1 MiB. */
  maxAdminBodyBytes?: number;
  /** Longest a client may take to send a whole request on either port (ms), else 408; default 30 s. */
  requestTimeoutMs?: number;
}

/** startEmulator's options: the settings and both listeners' addresses. */
export interface EmulatorOptions extends EmulatorSettings {
  /** Traffic port; 0 (the default): any free port. */
  port?: number;
  /** 127.0.0.1 unless told otherwise. */
  host?: string;
  /** Admin port (/admin/config, GET /livez); 0 (the default): any free port. */
  adminPort?: number;
  /** 127.0.0.1 unless told otherwise. */
  adminHost?: string;
}

export interface RunningEmulator {
  /** The traffic listener's base URL: predictions, GET /metrics, /healthz, /readyz. */
  readonly url: string;
  /** The admin listener's base URL: GET and POST /admin/config, GET /livez. */
  readonly adminUrl: string;
  readonly metrics: EmulatorMetrics;
  readonly queue: ServingQueue;
  close(): Promise<void>;
}

const servingConfigSchema = z
  .object({ cores: z.number().positive().max(256), batch: z.number().int().min(1).max(1024), workers: z.number().int().min(1).max(1024) })
  .strict();
/** A change of any of the fields; `batchSize` is Sponge's model-server hook's name for `batch` ({batchSize, cores}). */
const adminChangeSchema = servingConfigSchema.extend({ batchSize: servingConfigSchema.shape.batch }).partial().strict();

const ADMIN_ENDPOINTS = 'GET /admin/config, POST /admin/config';

const pathOf = (url: string): string => url.split('?')[0] ?? url;

/**
 * A model-server emulator with two listeners, as the data plane's proxies have. Traffic: POST /predict
 * (or any POST under /v1/ or /v2/) is answered after the queueing and serving time of the profile, its
 * body read (up to maxBodyBytes, else 413) and dropped; GET /metrics, /healthz, /readyz; /admin/*
 * answers 404. Admin: GET and POST /admin/config change cores, batch and workers at run time (like
 * Sponge's /change endpoint; its hook's body {batchSize, cores} too), behind the bearer token when one
 * is set; GET /livez without it. A request arrives once its body is in; at most maxQueue are held
 * (waiting, served, or sending), more get 503.
 */
export class EmulatorServer {
  readonly queue: ServingQueue;
  readonly metrics: EmulatorMetrics;
  private readonly server: Server;
  private readonly adminServer: Server;
  private readonly labels: { variant: string };
  private readonly adminToken: AdminToken | undefined;
  private readonly maxQueue: number;
  private readonly maxBodyBytes: number;
  private readonly maxAdminBodyBytes: number;
  /** Requests arrived and not yet answered: queued or being served. */
  private readonly waiting = new Map<number, { arrivedMs: number; res: ServerResponse }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Requests whose bodies are being read: they hold a place in maxQueue with those waiting. */
  private bodiesBeingRead = 0;
  private nextRequestId = 1;

  constructor(private readonly settings: EmulatorSettings) {
    this.queue = new ServingQueue(settings.profile, parseConfig(servingConfigSchema, settings.initial, 'emulator initial config'));
    this.metrics = new EmulatorMetrics(settings.variant, this.queue);
    this.labels = { variant: settings.variant };
    this.adminToken = settings.adminToken === undefined ? undefined : new AdminToken(settings.adminToken);
    this.maxQueue = positiveInteger('maxQueue', settings.maxQueue ?? DEFAULT_MAX_QUEUE);
    this.maxBodyBytes = positiveInteger('maxBodyBytes', settings.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    this.maxAdminBodyBytes = positiveInteger('maxAdminBodyBytes', settings.maxAdminBodyBytes ?? DEFAULT_MAX_ADMIN_BODY_BYTES);
    const timeouts = listenerTimeouts(positiveInteger('requestTimeoutMs', settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS));
    this.server = createServer(timeouts, (req, res) => this.routeTraffic(req, res));
    this.adminServer = createServer(timeouts, (req, res) => this.routeAdmin(req, res));
  }

  /** Starts the traffic listener (port 0: any free port); resolves to its base URL. */
  listen(port = 0, host = '127.0.0.1'): Promise<string> {
    return listenOn(this.server, port, host);
  }

  /** Starts the admin listener; until then /admin/config is reachable from nowhere. */
  listenAdmin(port = 0, host = '127.0.0.1'): Promise<string> {
    return listenOn(this.adminServer, port, host);
  }

  /** Requests held: waiting, being served, or still sending their bodies. */
  get held(): number {
    return this.waiting.size + this.bodiesBeingRead;
  }

  /** Ends everything at once: timers, connections, listeners. */
  close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    const stop = (server: Server) =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      });
    return Promise.all([stop(this.server), stop(this.adminServer)]).then(() => undefined);
  }

  private schedule(batches: StartedBatch[]): void {
    for (const batch of batches) {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          const { done, started } = this.queue.complete(batch.id, Date.now());
          this.metrics.batchSize.observe(this.labels, done.requestIds.length);
          for (const id of done.requestIds) {
            const w = this.waiting.get(id);
            this.waiting.delete(id);
            if (!w) continue;
            const latencyMs = Date.now() - w.arrivedMs;
            this.metrics.duration.observe(this.labels, latencyMs / 1000);
            sendJson(w.res, 200, { variant: this.settings.variant, batch: done.requestIds.length, latencyMs });
          }
          this.schedule(started);
        },
        Math.max(0, batch.endMs - Date.now()),
      );
      this.timers.add(timer);
    }
  }

  /** A request's async work: whatever it throws is answered 500, never left as an unhandled rejection that ends the process. */
  private answerFailure(res: ServerResponse, work: Promise<void>): void {
    work.catch((err: unknown) => sendJson(res, 500, { error: 'internal-error', message: errorMessage(err) }));
  }

  private routeTraffic(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const path = pathOf(url);
    if (isAdminPath(url)) return answerAdminOnTrafficPort(req, res);
    if (path === '/metrics' && req.method === 'GET') {
      this.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': this.metrics.registry.contentType }).end(text),
        (err: unknown) => sendJson(res, 500, { error: 'metrics-failed', message: errorMessage(err) }),
      );
    } else if ((path === '/healthz' || path === '/readyz') && req.method === 'GET') {
      res.writeHead(200).end('ok\n');
    } else if (req.method === 'POST' && (path === '/predict' || path.startsWith('/v1/') || path.startsWith('/v2/'))) {
      this.answerFailure(res, this.predict(req, res));
    } else {
      sendJson(res, 404, { error: 'not-found', message: 'POST /predict (or any POST under /v1/ or /v2/); GET /metrics, /healthz, /readyz' });
      discardBody(req);
    }
  }

  /** Reads the body (the client's business: dropped), then queues the request; 503 when maxQueue are held, 413 past maxBodyBytes. */
  private async predict(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.held >= this.maxQueue) {
      this.metrics.rejected.inc({ ...this.labels, reason: 'queue-full' });
      return answerQueueFull(req, res, this.maxQueue);
    }
    this.bodiesBeingRead++;
    try {
      await readBody(req, this.maxBodyBytes);
    } catch (err) {
      // Too large: 413; otherwise the client left (or its request timed out, 408): nobody to answer.
      if (err instanceof BodyTooLargeError) {
        this.metrics.rejected.inc({ ...this.labels, reason: 'body-too-large' });
        answerTooLarge(req, res, this.maxBodyBytes);
      }
      return;
    } finally {
      this.bodiesBeingRead--;
    }
    const id = this.nextRequestId++;
    this.metrics.requests.inc(this.labels);
    this.waiting.set(id, { arrivedMs: Date.now(), res });
    this.schedule(this.queue.arrive(id, Date.now()));
  }

  private routeAdmin(req: IncomingMessage, res: ServerResponse): void {
    const path = pathOf(req.url ?? '/');
    if (req.method === 'GET' && path === '/livez') return sendJson(res, 200, { ok: true });
    // Authentication comes first: without the token nothing, not even which endpoints exist, is told.
    if (this.adminToken && !this.adminToken.accepts(req.headers.authorization)) return answerUnauthorized(req, res);
    if (path !== '/admin/config' || (req.method !== 'GET' && req.method !== 'POST')) {
      sendJson(res, 404, { error: 'not-found', message: `no admin endpoint ${req.method ?? ''} ${path}; the emulator has: ${ADMIN_ENDPOINTS}` });
      return discardBody(req);
    }
    if (req.method === 'GET') {
      discardBody(req);
      return sendJson(res, 200, this.queue.config);
    }
    this.answerFailure(res, this.changeConfig(req, res));
  }

  /**
   * POST /admin/config {cores?, batch?, workers?} (or Sponge's hook's {batchSize, cores}): every field checked,
   * and the profile able to serve the result, before anything changes.
   */
  private async changeConfig(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = await readJson(req, res, this.maxAdminBodyBytes, '--max-admin-body-bytes');
    if (!parsed) return;
    let next: ServingConfig;
    try {
      const { batchSize, ...change } = parseConfig(adminChangeSchema, parsed.value, 'POST /admin/config');
      if (batchSize !== undefined && change.batch !== undefined && batchSize !== change.batch) {
        throw new ConfigError('POST /admin/config', [{ path: 'batchSize', message: `differs from batch ${change.batch}: give one of them`, value: batchSize }]);
      }
      next = { ...this.queue.config, ...change, ...(batchSize === undefined ? {} : { batch: batchSize }) };
    } catch (err) {
      const issues = err instanceof ConfigError ? err.issues : [{ path: '', message: errorMessage(err) }];
      return sendJson(res, 400, { error: 'bad-config', message: errorMessage(err), issues });
    }
    const problem = this.queue.problemWith(next);
    if (problem !== undefined)
      return sendJson(res, 400, { error: 'bad-config', message: `POST /admin/config: ${problem}`, issues: [{ path: '', message: problem }] });
    this.schedule(this.queue.reconfigure(next, Date.now()));
    sendJson(res, 200, this.queue.config);
  }
}

/** An emulator listening on both ports (the default: any free ports on 127.0.0.1). */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const emulator = new EmulatorServer(options);
  try {
    const url = await emulator.listen(options.port, options.host);
    const adminUrl = await emulator.listenAdmin(options.adminPort, options.adminHost);
    return { url, adminUrl, metrics: emulator.metrics, queue: emulator.queue, close: () => emulator.close() };
  } catch (err) {
    await emulator.close();
    throw err;
  }
}
