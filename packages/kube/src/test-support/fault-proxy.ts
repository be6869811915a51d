/**
 * A fault-injecting HTTP proxy in front of the real kube-apiserver: clients reach it on plain http
 * at 127.0.0.1 with a bearer token (a ServiceAccount's, from the TokenRequest API), it forwards to the
 * API server over TLS and records every request with its answer. Faults a test adds are answered by
 * the proxy instead (409, 429 with Retry-After, 500/503), delay the request, hold it without ever
 * answering, or reset the connection. Everything else is the API server's own answer.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** What an injected fault does to one matching request. */
export type FaultEffect =
  /** Answered by the proxy with a metav1.Status of this code (and a Retry-After header when given). */
  | { kind: 'status'; code: 409 | 429 | 500 | 502 | 503 | 504; retryAfterSeconds?: number }
  /** Forwarded, but only after this many milliseconds. */
  | { kind: 'slow'; delayMs: number }
  /** Accepted and never answered (until the proxy closes): a wedged API server or load balancer. */
  | { kind: 'hang' }
  /** The TCP connection is reset (RST) without an answer. */
  | { kind: 'reset' };

export interface FaultRule {
  method?: string;
  /** Matched against the URL path. */
  path?: RegExp;
  /** Only requests of this user (system:serviceaccount:<ns>:<name>): one replica of several. */
  user?: string;
  /** How many matching requests it affects (default 1). */
  times?: number;
  effect: FaultEffect;
}

export interface ProxiedRequest {
  method: string;
  path: string;
  query: string;
  /** The ServiceAccount the bearer token names (its `sub` claim), '' without one. */
  user: string;
  contentType: string;
  /** The request body, parsed when JSON. */
  body: unknown;
  /** The answer's status; 0 while pending, and for a hang or a reset. */
  code: number;
  /** The fault the proxy applied instead of (or before) forwarding. */
  fault?: FaultEffect['kind'];
}

const REASONS: Record<number, string> = {
  409: 'Conflict',
  429: 'TooManyRequests',
  500: 'InternalError',
  502: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** The metav1.Status the API server answers with for `code` (what a client parses). */
export function statusBody(code: number, path: string, retryAfterSeconds?: number): Record<string, unknown> {
  const name = path.split('/').filter(Boolean).pop() ?? '';
  const message =
    code === 409
      ? `Operation cannot be fulfilled on ${name}: the object has been modified; please apply your changes to the latest version and try again`
      : code === 429
        ? 'Too many requests, please try again later.'
        : code === 503
          ? 'the server is currently unable to handle the request'
          : 'Internal error occurred: injected by the test proxy';
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: REASONS[code] ?? 'InternalError',
    ...(retryAfterSeconds !== undefined ? { details: { retryAfterSeconds } } : {}),
    code,
  };
}

/** The `sub` claim of a JWT bearer token (a ServiceAccount token), without verifying it: the API server does that. */
export function tokenSubject(authorization: string | undefined): string {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  const payload = token?.split('.')[1];
  if (!payload) return '';
  try {
    return String((JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown }).sub ?? '');
  } catch {
    return '';
  }
}

export type BeforeForward = (request: ProxiedRequest) => void | Promise<void>;

export class FaultProxy {
  readonly requests: ProxiedRequest[] = [];
  private readonly rules: (FaultRule & { left: number })[] = [];
  private readonly hooks: BeforeForward[] = [];
  private readonly held = new Set<Socket>();
  private readonly server: http.Server;
  private readonly agent: https.Agent;
  private upstream: URL;
  url = '';

  constructor(upstream: string, caCertFile: string) {
    this.upstream = new URL(upstream);
    this.agent = new https.Agent({ ca: fs.readFileSync(caCertFile), keepAlive: true });
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Adds a fault; rules are consumed in the order added by the requests they match. */
  add(rule: FaultRule): void {
    this.rules.push({ ...rule, left: rule.times ?? 1 });
  }

  clearFaults(): void {
    this.rules.length = 0;
  }

  /** Runs before each request is forwarded (after its fault, if any, let it through): e.g. another writer's change in between. */
  beforeForward(hook: BeforeForward): void {
    this.hooks.push(hook);
  }

  private take(r: ProxiedRequest): FaultEffect | undefined {
    const rule = this.rules.find(
      (x) => x.left > 0 && (!x.method || x.method === r.method) && (!x.path || x.path.test(r.path)) && (x.user === undefined || x.user === r.user),
    );
    if (!rule) return undefined;
    rule.left--;
    return rule.effect;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://proxy');
    const contentType = String(req.headers['content-type'] ?? '');
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        body = raw.toString('utf8');
      }
    }
    const record: ProxiedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      user: tokenSubject(req.headers.authorization),
      contentType,
      body,
      code: 0,
    };
    this.requests.push(record);
    const fault = this.take(record);
    if (fault) record.fault = fault.kind;
    switch (fault?.kind) {
      case 'status': {
        record.code = fault.code;
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
        res.writeHead(fault.code, headers).end(JSON.stringify(statusBody(fault.code, record.path, fault.retryAfterSeconds)));
        return;
      }
      case 'hang':
        this.held.add(req.socket);
        return;
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'slow':
        await sleep(fault.delayMs);
        break;
      case undefined:
        break;
    }
    for (const hook of this.hooks) await hook(record);
    this.forward(req, raw, record, res);
  }

  private forward(req: http.IncomingMessage, raw: Buffer, record: ProxiedRequest, res: http.ServerResponse): void {
    const headers = { ...req.headers, host: this.upstream.host, 'content-length': String(raw.length) };
    const upstream = https.request(
      { protocol: 'https:', hostname: this.upstream.hostname, port: this.upstream.port, method: req.method, path: req.url, headers, agent: this.agent },
      (answer) => {
        record.code = answer.statusCode ?? 0;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${err.message}`);
      else res.destroy();
    });
    upstream.end(raw);
  }

  /** Requests of one user, or all, from index `from` on. */
  requestsOf(user?: string, from = 0): ProxiedRequest[] {
    return this.requests.slice(from).filter((r) => user === undefined || r.user === user);
  }

  async close(): Promise<void> {
    for (const socket of this.held) socket.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.agent.destroy();
  }
}
