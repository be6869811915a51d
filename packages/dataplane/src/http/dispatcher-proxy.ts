import * as http from 'node:http';
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

/**
 * InfAdapter's dispatcher as an HTTP proxy. Every request goes to the variant the WeightedDispatcher
 * picks, path and body unchanged, streamed both ways. POST /admin/quotas {weights: {name: int},
 * urls?: {name: url}} swaps the quotas at once; requests already forwarded finish on their old
 * variant. With no quota anywhere it answers 503 at once (never queues or spins).
 */
export class DispatcherProxy extends HttpService {
  readonly dispatcher: WeightedDispatcher;
  private readonly urls = new Map<string, URL>();
  private readonly metrics: DispatcherMetrics;

  constructor(options: DispatcherProxyOptions) {
    super(options.registry);
    this.setUrls(options.variantUrls);
    this.dispatcher = new WeightedDispatcher();
    this.metrics = new DispatcherMetrics(this.registry, this.dispatcher);
    this.applyQuotas(options.quotas ?? {});
  }

  /** Same as the admin endpoint, for in-process callers. Throws on an unknown or bad quota. */
  applyQuotas(quotas: Quotas, urls: Record<string, string> = {}): void {
    validateQuotas(quotas);
    const merged = new Map(this.urls);
    for (const [name, url] of Object.entries(urls)) merged.set(name, new URL(url));
    const unknown = Object.keys(quotas).filter((name) => !merged.has(name));
    if (unknown.length > 0) throw new Error(`no URL for variant(s) ${unknown.join(', ')}: pass urls or configure variantUrls`);
    this.setUrls(urls);
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
    const target = this.urls.get(variant) as URL;
    let finished = false;
    const finish = (code: string) => {
      if (finished) return;
      finished = true;
      this.dispatcher.complete(variant);
      this.metrics.requests.labels(variant, code).inc();
      this.metrics.duration.labels(variant).observe(secondsSince(start));
    };
    const upstream = http.request(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port || undefined,
        path: joinPath(target.pathname, req.url ?? '/'),
        method: req.method,
        headers: withoutHopByHop(req.headers),
        agent: this.agent,
      },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, withoutHopByHop(upRes.headers));
        upRes.pipe(res);
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
    req.pipe(upstream);
  }

  private setUrls(urls: Record<string, string>): void {
    for (const [name, url] of Object.entries(urls)) this.urls.set(name, new URL(url));
  }
}

function withoutHopByHop(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [key, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(key) && value !== undefined) out[key] = value;
  return out;
}

function joinPath(base: string, path: string): string {
  return base === '/' ? path : base.replace(/\/$/, '') + path;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
