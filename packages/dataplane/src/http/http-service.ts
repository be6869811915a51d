import * as http from 'node:http';
import { errorMessage } from '@infscale/core';
import { Registry } from 'prom-client';
import { AdminInputError } from './admin-input';
import { answerAdminOnTrafficPort, answerUnauthorized, isAdminPath } from './admin-port';
import { AdminToken } from './admin-token';
import { encodeInstance } from './batch-protocol';
import { listenerTimeouts, listenOn, positiveInteger, stopListening } from './listeners';
import { ProxyMetrics, type RejectReason } from './proxy-metrics';
import { answerQueueFull, BodyAbortedError, discardBody, readJson } from './request-body';
import { requestIdOf, TrafficResponse } from './request-id';
import { sendJson } from './responses';
import { UpstreamHealth } from './upstream-health';

export { secondsSince, sendJson } from './responses';
export { listenerTimeouts, listenOn, positiveInteger } from './listeners';

export const MIB = 1024 * 1024;
/** Largest request body on the traffic port unless --max-body-bytes says otherwise. */
export const DEFAULT_MAX_BODY_BYTES = 16 * MIB;
/** Largest admin body: quotas, a stage's settings and cores are a few hundred bytes. */
export const DEFAULT_MAX_ADMIN_BODY_BYTES = 1 * MIB;
/** Upstream timeout of a proxy that knows no SLO or drop limit. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 30_000;
/** Requests a queueing proxy holds (stage queue, EDF queue; queued or still sending their bodies) before it answers 503. */
export const DEFAULT_MAX_QUEUE = 1000;
/**
 * How long a client may take to send a whole request, headers and body (Node's default is 300 s): past it
 * the connection gets 408 and is closed, so a stalled sender does not hold its buffered body, or a
 * queue's place, for minutes. 16 MiB in 30 s is ~0.5 MiB/s, far below any in-cluster link.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** How long a drain waits for the answers it sent (503s) to be flushed before it closes the connections. */
const FLUSH_WAIT_MS = 1000;

export interface HttpServiceOptions {
  registry?: Registry;
  /** Largest request body on the traffic port (bytes); larger ones get 413. Default 16 MiB. */
  maxBodyBytes?: number;
  /** Largest admin body (bytes); default 1 MiB. */
  maxAdminBodyBytes?: number;
  /** Longest a client may take to send a whole request on either port (ms), else 408; default 30 s. */
  requestTimeoutMs?: number;
  /** When set, every admin call needs `Authorization: Bearer <token>` (401 otherwise). */
  adminToken?: string;
  /**
   * GET /metrics on the traffic port (default true). False when a listener of its own serves the registry
   * (the proxy process's --metrics-port): the traffic port then answers 404 there, so whoever can send
   * requests (an Ingress's clients) cannot read the proxy's counters.
   */
  metricsOnTrafficPort?: boolean;
  /**
   * Where the detail of a failure goes that the client is not told: a bug (an exception), or an upstream's
   * failure (its URL, what it said) with `request`, what the client was answered instead. Default: one JSON
   * line on stderr, proxyErrorLine(): {"event":"proxy-error","context",…,"requestId",…,"status",…,"error",…,"message":the detail}.
   */
  onError?: (err: unknown, context: string, request?: FailedRequest) => void;
}

/** What a traffic client was answered when the detail of its failure went to the log (onError) instead. */
export interface FailedRequest {
  /** The request's id, also in the answer (header X-Request-Id and `requestId`); undefined on the admin port. */
  requestId?: string;
  status: number;
  /** The answer's `error` code. */
  error: string;
}

/** The default log line of onError, as an object; `message` is the detail (the exception, the upstream's URL and answer). */
export interface ProxyErrorLine extends Partial<FailedRequest> {
  event: 'proxy-error';
  context: string;
  message: string;
}

/** The default log line of onError: one JSON object a line on stderr. */
export function proxyErrorLine(err: unknown, context: string, request?: FailedRequest): ProxyErrorLine {
  return { event: 'proxy-error', context, ...request, message: errorMessage(err) };
}

/** An error answer: a stable code, a short message with nothing internal in it, and any fields of its own. */
export interface ErrorAnswer {
  error: string;
  message: string;
  [field: string]: unknown;
}

/** An admin endpoint: the parsed JSON body (undefined for GET) → the JSON answer; AdminInputError → 400. */
export type AdminHandler = (body: unknown) => unknown;

const pathOf = (url: string): string => {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
};

/**
 * What every proxy shares. Two listeners: the traffic port (requests, GET /metrics unless
 * metricsOnTrafficPort is false, GET /healthz; /admin/* answers 404 there) and the admin port (the admin endpoints, behind the bearer token when
 * one is set, and GET /livez for the kubelet). Limits on bodies, the upstream's health, a drain that
 * answers every held request, and a close() that ends open connections so nothing lingers.
 * Subclasses answer traffic in handle() and register their admin endpoints with adminRoute().
 */
export abstract class HttpService {
  readonly server: http.Server;
  readonly adminServer: http.Server;
  readonly registry: Registry;
  readonly maxBodyBytes: number;
  readonly maxAdminBodyBytes: number;
  protected readonly agent = new http.Agent({ keepAlive: true, maxSockets: 512, noDelay: true });
  protected readonly health = new UpstreamHealth();
  protected readonly proxyMetrics: ProxyMetrics;
  private readonly adminToken: AdminToken | undefined;
  private readonly adminHandlers = new Map<string, AdminHandler>();
  private readonly closeHooks: (() => void)[] = [];
  private readonly reportError: (err: unknown, context: string, request?: FailedRequest) => void;
  /** Traffic requests not yet answered: what a drain waits for, then answers. */
  private readonly heldResponses = new Set<http.ServerResponse>();
  /** Requests whose inputs are being read to join a queue: they count toward its maxQueue with those queued. */
  private inputsBeingRead = 0;
  private draining = false;
  private readonly metricsOnTrafficPort: boolean;

  constructor(options: HttpServiceOptions = {}) {
    this.registry = options.registry ?? new Registry();
    this.maxBodyBytes = positiveInteger('maxBodyBytes', options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    this.maxAdminBodyBytes = positiveInteger('maxAdminBodyBytes', options.maxAdminBodyBytes ?? DEFAULT_MAX_ADMIN_BODY_BYTES);
    this.adminToken = options.adminToken === undefined ? undefined : new AdminToken(options.adminToken);
    this.metricsOnTrafficPort = options.metricsOnTrafficPort ?? true;
    this.reportError = options.onError ?? ((err, context, request) => process.stderr.write(`${JSON.stringify(proxyErrorLine(err, context, request))}\n`));
    this.proxyMetrics = new ProxyMetrics(this.registry, this.health);
    const timeouts = listenerTimeouts(positiveInteger('requestTimeoutMs', options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS));
    // Traffic answers are TrafficResponses: each knows its request's id, which every error answer carries.
    this.server = http.createServer({ ...timeouts, ServerResponse: TrafficResponse }, (req, res) => this.routeTraffic(req, res));
    this.server.keepAliveTimeout = 65_000;
    this.adminServer = http.createServer(timeouts, (req, res) => this.routeAdmin(req, res));
  }

  /** Starts the traffic listener (port 0: any free port); resolves to its base URL, e.g. http://127.0.0.1:39123. */
  listen(port = 0, host = '127.0.0.1'): Promise<string> {
    return listenOn(this.server, port, host);
  }

  /** Starts the admin listener; until then the admin endpoints are reachable from nowhere. */
  listenAdmin(port = 0, host = '127.0.0.1'): Promise<string> {
    return listenOn(this.adminServer, port, host);
  }

  /** What GET /healthz tells: ok, or why not (the upstream is wedged); for a metrics listener of the proxy's own. */
  healthCheck(): { ok: true } | { ok: false; reason: string } {
    const reason = this.health.reason();
    return reason === undefined ? { ok: true } : { ok: false, reason };
  }

  /** Traffic requests received and not yet answered. */
  get inFlight(): number {
    return this.heldResponses.size;
  }

  /**
   * Stops accepting connections, lets the requests held finish for up to drainTimeoutMs (answers
   * then say Connection: close), answers the rest 503, waits for those answers to be flushed, and
   * closes. No client loses its connection without an answer, unless its answer was already
   * streaming from the upstream.
   */
  async shutdown(drainTimeoutMs: number): Promise<void> {
    this.draining = true;
    for (const res of this.heldResponses) if (!res.headersSent) res.shouldKeepAlive = false;
    const stopped = Promise.all([stopListening(this.server), stopListening(this.adminServer)]);
    const deadline = Date.now() + drainTimeoutMs;
    for (;;) {
      this.server.closeIdleConnections();
      this.adminServer.closeIdleConnections();
      if (this.heldResponses.size === 0 || Date.now() >= deadline) break;
      await sleep(10);
    }
    const left = [...this.heldResponses];
    for (const res of left) {
      if (res.headersSent) {
        res.destroy();
        continue;
      }
      this.countRejected('shutting-down');
      sendJson(
        res,
        503,
        { error: 'shutting-down', message: `the proxy is shutting down and could not finish this request within --drain-timeout-ms ${drainTimeoutMs}` },
        { 'retry-after': '1' },
      );
    }
    await Promise.race([Promise.all(left.map(closed)), sleep(FLUSH_WAIT_MS)]);
    await this.close();
    await stopped;
  }

  /** Ends everything at once: timers, upstream connections, client connections. */
  async close(): Promise<void> {
    for (const hook of this.closeHooks) hook();
    this.agent.destroy();
    this.server.closeAllConnections();
    this.adminServer.closeAllConnections();
    await Promise.all([stopListening(this.server), stopListening(this.adminServer)]);
  }

  protected onClose(hook: () => void): void {
    this.closeHooks.push(hook);
  }

  /** Registers an admin endpoint, e.g. adminRoute('POST', '/admin/quotas', (body) => …). */
  protected adminRoute(method: 'GET' | 'POST', path: string, handler: AdminHandler): void {
    this.adminHandlers.set(`${method} ${path}`, handler);
  }

  /** Answers one traffic request (anything but /metrics, /healthz and /admin/*). May throw: answered 500. */
  protected abstract handle(req: http.IncomingMessage, res: TrafficResponse): void;

  /** The upstream sent an HTTP answer. */
  protected upstreamAnswered(): void {
    this.health.answered();
  }

  /** An upstream call was cut off by the upstream timeout. */
  protected upstreamTimedOut(): void {
    this.health.timedOut();
    this.proxyMetrics.upstreamTimeouts.inc();
  }

  /**
   * Reads the input of a request that will wait in a queue of at most maxQueue, and hands it to admit()
   * to queue it. Its place is taken before its body is read and given back once admit() has run or the
   * read failed (400, 413, the client left, the request timed out): requests still sending their bodies
   * count with the `queued` ones, so slow senders cannot pile up past maxQueue, each holding up to
   * --max-body-bytes. When they fill it, the request is refused 503 at once, its body thrown away unread.
   */
  protected async readQueuedInstance(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    queue: { queued: number; maxQueue: number },
    admit: (instance: string) => void,
  ): Promise<void> {
    if (queue.queued + this.inputsBeingRead >= queue.maxQueue) return this.rejectQueueFull(req, res, queue.maxQueue);
    this.inputsBeingRead++;
    try {
      const instance = await this.readInstance(req, res);
      if (instance !== undefined) admit(instance);
    } finally {
      this.inputsBeingRead--;
    }
  }

  /**
   * A traffic request's JSON body within --max-body-bytes, serialised for the batch it will join
   * (encodeInstance), or undefined once answered 400 / 413 (413 counted). An input that parses but
   * cannot be serialised is refused here, alone, rather than failing its whole batch later.
   */
  private async readInstance(req: http.IncomingMessage, res: http.ServerResponse): Promise<string | undefined> {
    const parsed = await readJson(req, res, this.maxBodyBytes);
    if (!parsed) {
      if (res.statusCode === 413) this.countRejected('body-too-large');
      return undefined;
    }
    const instance = encodeInstance(parsed.value);
    if (instance === undefined)
      sendJson(res, 400, { error: 'bad-input', message: 'the input cannot be forwarded to the model server: it is nested too deeply' });
    return instance;
  }

  /** Turns a request away with 503 because the queue is full; its body is thrown away unread. */
  private rejectQueueFull(req: http.IncomingMessage, res: http.ServerResponse, maxQueue: number): void {
    this.countRejected('queue-full');
    answerQueueFull(req, res, maxQueue);
  }

  protected countRejected(reason: RejectReason): void {
    this.proxyMetrics.rejected.labels(reason).inc();
  }

  /**
   * Runs a request's async work; whatever it throws or rejects with is answered 500 (if not yet
   * answered) and reported, never left as an unhandled rejection.
   */
  protected handleAsync(res: http.ServerResponse, work: Promise<void>, context: string): void {
    work.catch((err: unknown) => this.fail(res, err, context));
  }

  /** Runs a callback that must not throw (a timer, a batch's answer); a throw is reported. */
  protected guard(context: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.reportError(err, context);
    }
  }

  /**
   * Answers a traffic request that failed on the proxy's side (an upstream, a bug) with `answer` and, through
   * sendJson, its request id; `detail` (the upstream's URL, the exception, what the upstream said) goes to the
   * log line with the same id, never to the client. Reported even when the client has gone or was answered.
   */
  protected failRequest(res: http.ServerResponse, status: number, answer: ErrorAnswer, detail: unknown, context: string): void {
    this.reportError(detail, context, { requestId: requestIdOf(res), status, error: answer.error });
    sendJson(res, status, answer);
  }

  private fail(res: http.ServerResponse, err: unknown, context: string): void {
    if (err instanceof BodyAbortedError) return; // the client left: nobody to answer, nothing went wrong here
    // The admin port's caller holds the token: it may read the exception; a traffic client is told no more than that it failed.
    const message = requestIdOf(res) === undefined ? errorMessage(err) : 'internal error';
    this.failRequest(res, 500, { error: 'internal-error', message }, err, context);
  }

  private routeTraffic(req: http.IncomingMessage, res: TrafficResponse): void {
    this.heldResponses.add(res);
    res.on('close', () => this.heldResponses.delete(res)); // 'close' comes once: on() spares once()'s wrapper on the hot path
    if (this.draining) res.shouldKeepAlive = false;
    const url = req.url ?? '/';
    if (req.method === 'GET' && url === '/metrics') {
      if (!this.metricsOnTrafficPort) return sendJson(res, 404, { error: 'not-found', message: 'GET /metrics is served on the metrics port' });
      this.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
        (err: unknown) => this.failRequest(res, 500, { error: 'metrics-failed', message: 'the metrics could not be collected' }, err, 'GET /metrics'),
      );
      return;
    }
    if (req.method === 'GET' && url === '/healthz') {
      const reason = this.health.reason();
      sendJson(
        res,
        reason === undefined ? 200 : 503,
        reason === undefined ? { ok: true } : { ok: false, reason, consecutiveTimeouts: this.health.consecutiveTimeouts },
      );
      return;
    }
    if (isAdminPath(url)) return answerAdminOnTrafficPort(req, res);
    try {
      this.handle(req, res);
    } catch (err) {
      this.fail(res, err, `${req.method ?? ''} ${pathOf(url)}`);
    }
  }

  private routeAdmin(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = pathOf(req.url ?? '/');
    if (req.method === 'GET' && path === '/livez') return sendJson(res, 200, { ok: true });
    // Authentication comes first: without the token nothing, not even which endpoints exist, is told.
    if (this.adminToken && !this.adminToken.accepts(req.headers.authorization)) {
      this.countRejected('admin-unauthorized');
      return answerUnauthorized(req, res);
    }
    const handler = this.adminHandlers.get(`${req.method ?? ''} ${path}`);
    if (!handler) {
      const known = [...this.adminHandlers.keys()].join(', ') || 'none on this proxy';
      sendJson(res, 404, { error: 'not-found', message: `no admin endpoint ${req.method ?? ''} ${path}; this proxy has: ${known}` });
      return discardBody(req);
    }
    this.handleAsync(res, this.runAdmin(req, res, handler), `admin ${req.method ?? ''} ${path}`);
  }

  private async runAdmin(req: http.IncomingMessage, res: http.ServerResponse, handler: AdminHandler): Promise<void> {
    let body: unknown;
    if (req.method === 'POST') {
      const parsed = await readJson(req, res, this.maxAdminBodyBytes, '--max-admin-body-bytes');
      if (!parsed) return;
      body = parsed.value;
    } else {
      discardBody(req);
    }
    let answer: unknown;
    try {
      answer = handler(body);
    } catch (err) {
      if (!(err instanceof AdminInputError)) throw err;
      return sendJson(res, 400, { error: 'bad-field', field: err.field, message: err.message });
    }
    sendJson(res, 200, answer);
  }
}

function closed(res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => (res.closed ? resolve() : res.once('close', () => resolve())));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
