import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';

/**
 * The part every proxy shares: a node:http server with /metrics (its own registry, so several
 * proxies live in one process) and /healthz, a keep-alive agent to its upstreams, and a close() that
 * ends open connections so nothing lingers. Subclasses answer everything else in handle().
 */
export abstract class HttpService {
  readonly server: http.Server;
  readonly registry: Registry;
  protected readonly agent = new http.Agent({ keepAlive: true, maxSockets: 512, noDelay: true });
  private readonly closeHooks: (() => void)[] = [];

  constructor(registry?: Registry) {
    this.registry = registry ?? new Registry();
    this.server = http.createServer((req, res) => this.route(req, res));
    this.server.keepAliveTimeout = 65_000;
  }

  /** Starts listening (port 0: any free port); resolves to the base URL, e.g. http://127.0.0.1:39123. */
  listen(port = 0, host = '127.0.0.1'): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address() as AddressInfo;
        resolve(`http://${host}:${address.port}`);
      });
    });
  }

  async close(): Promise<void> {
    for (const hook of this.closeHooks) hook();
    this.agent.destroy();
    this.server.closeAllConnections();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  protected onClose(hook: () => void): void {
    this.closeHooks.push(hook);
  }

  protected abstract handle(req: http.IncomingMessage, res: http.ServerResponse): void;

  private route(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method === 'GET' && req.url === '/metrics') {
      this.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
        (err: Error) => sendJson(res, 500, { error: 'metrics-failed', message: err.message }),
      );
      return;
    }
    if (req.method === 'GET' && req.url === '/healthz') {
      sendJson(res, 200, { ok: true });
      return;
    }
    this.handle(req, res);
  }
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Reads a whole request body (the proxies' bodies are small: one inference input). */
export function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses a JSON body, or answers 400 naming the problem and returns undefined. */
export async function readJson(req: http.IncomingMessage, res: http.ServerResponse): Promise<{ value: unknown } | undefined> {
  const body = await readBody(req);
  try {
    return { value: JSON.parse(body.toString('utf8')) as unknown };
  } catch (err) {
    sendJson(res, 400, { error: 'bad-json', message: `request body is not JSON: ${(err as Error).message}` });
    return undefined;
  }
}

/** Seconds since a process.hrtime.bigint() reading: for latency histograms. */
export function secondsSince(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e9;
}
