import * as http from 'node:http';
import type { Readable, Writable } from 'node:stream';
import type { Registry } from 'prom-client';
import { type Quotas, validateQuotas } from '../policy/quotas';
import { WeightedDispatcher } from '../policy/weighted-dispatcher';
import { DispatcherMetrics } from './dispatcher-metrics';
import { HttpService, readJson, secondsSince, sendJson } from './http-service';

export interface DispatcherProxyOptions {
  /** Base URL of each variant's service, e.g. {resnet50: 'http://resnet50.ns.svc:8501'}. */
  variantUrls: Record<string, string>;
  quotas?: Quotas;
  registry?: Registry;
}

/** Headers that describe one hop, not the request: never copied across the proxy. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade', 'host']);

/** A variant's URL taken apart once when it is set: new URL() and its getters cost per request. */
interface Upstream {
  protocol: string;
  hostname: string;
  port: number | undefined;
  /** Path prefix without its trailing slash ('' for '/'). */
  basePath: string;
  /** Host header value, as node:http would write it for this URL. */
  host: string;
}

/**
 * InfAdapter's dispatcher as an HTTP proxy. Every request goes to the variant the WeightedDispatcher
 * picks, path and body unchanged, streamed both ways. POST /admin/quotas {weights: {name: int},
 * urls?: {name: url}} swaps the quotas at once; requests already forwarded finish on their old
 * variant. With no quota anywhere it answers 503 at once (never queues or spins).
 */
export class DispatcherProxy extends HttpService {
  readonly dispatcher: WeightedDispatcher;
  private readonly urls: Map<string, Upstream>;
  private readonly metrics: DispatcherMetrics;

  constructor(options: DispatcherProxyOptions) {
    super(options.registry);
    this.urls = parseUrls(options.variantUrls);
    this.dispatcher = new WeightedDispatcher();
    this.metrics = new DispatcherMetrics(this.registry, this.dispatcher);
    this.applyQuotas(options.quotas ?? {});
  }

  /** Same as the admin endpoint, for in-process callers. Throws on an unknown or bad quota. */
  applyQuotas(quotas: Quotas, urls: Record<string, string> = {}): void {
    validateQuotas(quotas);
    // Parsed before anything changes, so a bad URL or an unknown variant leaves the old state whole.
    const added = parseUrls(urls);
    const unknown = Object.keys(quotas).filter((name) => !this.urls.has(name) && !added.has(name));
    if (unknown.length > 0) throw new Error(`no URL for variant(s) ${unknown.join(', ')}: pass urls or configure variantUrls`);
    for (const [name, upstream] of added) this.urls.set(name, upstream);
    this.dispatcher.setQuotas(quotas);
  }

  protected handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.url === '/admin/quotas') {
      if (req.method === 'POST') void this.handleQuotas(req, res);
      else sendJson(res, 200, { weights: this.dispatcher.quotas(), frameSize: this.dispatcher.frameSize() });
      return;
    }
    this.forward(req, res);
  }

  private async handleQuotas(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readJson(req, res);
    if (!body) return;
    const { weights, urls } = (body.value ?? {}) as { weights?: unknown; urls?: unknown };
    if (!isRecord(weights)) return sendJson(res, 400, { error: 'bad-quotas', message: 'body must be {"weights": {"<variant>": <integer>}}' });
    try {
      this.applyQuotas(weights as Quotas, isRecord(urls) ? (urls as Record<string, string>) : {});
    } catch (err) {
      return sendJson(res, 400, { error: 'bad-quotas', message: (err as Error).message });
    }
    sendJson(res, 200, { weights: this.dispatcher.quotas(), frameSize: this.dispatcher.frameSize() });
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const start = process.hrtime.bigint();
    const variant = this.dispatcher.next();
    if (variant === undefined) {
      this.metrics.unavailable.inc();
      req.resume();
      sendJson(
        res,
        503,
        { error: 'no-variant-available', message: 'no variant has a quota; the scaler sets them with POST /admin/quotas' },
        { 'retry-after': '1' },
      );
      return;
    }
    const target = this.urls.get(variant) as Upstream;
    let finished = false;
    const finish = (code: string) => {
      if (finished) return;
      finished = true;
      this.dispatcher.complete(variant);
      this.metrics.finished(variant, code, secondsSince(start));
    };
    // Raw header arrays: node:http never builds the lower-cased header objects on either side.
    const upstream = http.request(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        path: target.basePath + (req.url ?? '/'),
        method: req.method,
        headers: forwardedHeaders(req.rawHeaders, target.host),
        agent: this.agent,
      },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, forwardedHeaders(upRes.rawHeaders));
        relay(upRes, res);
        upRes.on('error', () => res.destroy());
      },
    );
    upstream.on('error', (err) => {
      this.metrics.upstreamErrors.labels(variant).inc();
      sendJson(res, 502, { error: 'upstream-error', variant, message: err.message });
      finish('502');
    });
    // A client that goes away takes its upstream request with it.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
      finish(res.writableFinished ? String(res.statusCode) : 'aborted');
    });
    relay(req, upstream);
  }
}

function parseUrls(urls: Record<string, string>): Map<string, Upstream> {
  const parsed = new Map<string, Upstream>();
  for (const [name, text] of Object.entries(urls)) {
    const url = new URL(text);
    parsed.set(name, {
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port === '' ? undefined : Number(url.port),
      basePath: url.pathname.replace(/\/$/, ''),
      host: url.host,
    });
  }
  return parsed;
}

/** Raw headers ([name, value, name, value…]) less the hop-by-hop ones; Host first when given. */
function forwardedHeaders(raw: string[], host?: string): string[] {
  const out = host === undefined ? [] : ['Host', host];
  for (let i = 0; i < raw.length; i += 2) if (!HOP_BY_HOP.has(raw[i].toLowerCase())) out.push(raw[i], raw[i + 1]);
  return out;
}

/**
 * pipe() without its per-stream bookkeeping (half a dozen listeners and an unpipe protocol): each
 * chunk is written on, the source pauses while the destination is full, and the end is passed on.
 */
function relay(from: Readable, to: Writable): void {
  const resume = () => from.resume();
  from.on('data', (chunk: Buffer) => {
    // A destroyed destination (its upstream failed) is never drained: keep reading the source.
    if (!to.write(chunk) && !to.destroyed) {
      from.pause();
      to.once('drain', resume);
    }
  });
  from.on('end', () => to.end());
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
