import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { systemClock, type Clock } from '@infscale/core';
import { ApiHandlers, type ApiReply } from './api-handlers';
import { FakeDeploymentController } from './deployment-controller';
import { faultError, FaultInjector } from './faults';
import { FakeKubelet, type FakeNode } from './kubelet';
import { Resources } from './resources';
import { ApiStatusError, Status } from './status';
import { ObjectStore } from './store';

export interface FakeApiServerOptions {
  /** Time of the simulated cluster: share a ManualClock with the actuator to make waits instant. */
  clock?: Clock;
  nodes?: FakeNode[];
  /** Time from a pod's start to Ready. */
  readyDelayMs?: number;
  /** Time an accepted in-place resize stays InProgress. */
  resizeDelayMs?: number;
}

/** One request as the server received it, for tests that assert what the client sent. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  contentType: string;
  body: unknown;
  code: number;
  /** The bearer token it came with: which client sent it (kubeConfig(namespace, token) per replica). */
  token: string;
}

const ROUTES: { pattern: RegExp; kinds: Record<string, (typeof Resources)[keyof typeof Resources]> }[] = [
  { pattern: /^\/api\/v1\/namespaces\/([^/]+)\/(pods|configmaps|events)(?:\/([^/]+))?(?:\/([^/]+))?$/, kinds: Resources },
  { pattern: /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/(deployments)(?:\/([^/]+))?(?:\/([^/]+))?$/, kinds: Resources },
  { pattern: /^\/apis\/coordination\.k8s\.io\/v1\/namespaces\/([^/]+)\/(leases)(?:\/([^/]+))?(?:\/([^/]+))?$/, kinds: Resources },
];

/**
 * A local Kubernetes API server for tests: node:http on 127.0.0.1, JSON only, namespaced resources
 * only. Every request first lets the controllers catch up with the clock (so readiness and resizes
 * progress as time passes), then is answered from the store. Faults can be injected per request.
 */
export class FakeApiServer {
  readonly clock: Clock;
  readonly store: ObjectStore;
  readonly faults = new FaultInjector();
  readonly kubelet: FakeKubelet;
  readonly controller: FakeDeploymentController;
  readonly requests: RecordedRequest[] = [];
  private readonly handlers: ApiHandlers;
  private server?: Server;
  private hooks: ((r: RecordedRequest) => void)[] = [];

  constructor(options: FakeApiServerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.store = new ObjectStore(this.clock);
    this.handlers = new ApiHandlers(this.store);
    this.controller = new FakeDeploymentController(this.store, this.clock);
    this.kubelet = new FakeKubelet(this.store, this.clock, options.nodes ?? [{ name: 'node-1', cpu: 16 }], {
      readyDelayMs: options.readyDelayMs ?? 5_000,
      resizeDelayMs: options.resizeDelayMs ?? 1_000,
    });
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('fake API server is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  /** A KubeConfig pointing at this server (plain http needs skipTLSVerify in client-node); `token` tells clients apart in `requests`. */
  kubeConfig(namespace = 'default', token = 'test-token'): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'fake', server: this.url, skipTLSVerify: true }],
      users: [{ name: 'fake', token }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'fake', namespace }],
      currentContext: 'fake',
    });
    return kc;
  }

  /** Runs before a request is handled (after it is recorded): e.g. to race a concurrent writer. */
  onRequest(hook: (r: RecordedRequest) => void): void {
    this.hooks.push(hook);
  }

  /** Lets the controllers and kubelets act on what changed, as time has passed. */
  reconcile(namespace: string): void {
    this.controller.reconcile(namespace);
    this.kubelet.reconcile(namespace);
    this.controller.reconcile(namespace);
    this.kubelet.reconcile(namespace);
    this.controller.updateStatus(namespace);
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const contentType = req.headers['content-type'] ?? '';
    const raw = await readBody(req);
    const token = /^Bearer (.*)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.search, contentType, body: undefined, code: 0, token };
    this.requests.push(record);
    let reply: ApiReply;
    let headers: Record<string, string> = {};
    try {
      record.body = raw === '' ? undefined : parseJson(raw);
      for (const hook of this.hooks) hook(record);
      const fault = this.faults.take(record.method, record.path, record.token);
      if (fault?.kind === 'hang') return; // the socket stays open, unanswered, until close()
      if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      const injected = fault && faultError(fault, record.path);
      if (injected) throw injected;
      reply = this.route(record.method, url, contentType, record.body);
    } catch (err) {
      const status = err instanceof ApiStatusError ? err : Status.internal(String(err));
      reply = { code: status.code, body: status.body() };
      headers = status.headers;
    }
    record.code = reply.code;
    res.writeHead(reply.code, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(reply.body));
  }

  private route(method: string, url: URL, contentType: string, body: unknown): ApiReply {
    for (const { pattern, kinds } of ROUTES) {
      const m = pattern.exec(url.pathname);
      if (!m) continue;
      const [, namespace, resource, name, subresource] = m as unknown as [string, string, string, string | undefined, string | undefined];
      this.reconcile(namespace);
      const reply = this.handlers.handle({ method, kind: kinds[resource as keyof typeof kinds]!, namespace, name, subresource, query: url.searchParams, contentType, body });
      if (method !== 'GET') this.reconcile(namespace);
      return reply;
    }
    throw new ApiStatusError(404, 'NotFound', 'the server could not find the requested resource');
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw Status.badRequest(`error decoding request body: ${(err as Error).message}`);
  }
}
