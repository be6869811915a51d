import * as http from 'node:http';
import type { Readable, Writable } from 'node:stream';
import { errorMessage } from '@infscale/core';
import { MAX_QUOTA, type Quotas } from '../policy/quotas';
import { WeightedDispatcher } from '../policy/weighted-dispatcher';
import { AdminInputError, httpUrlField, integerField, MAX_ADMIN_ENTRIES, objectBody, recordField } from './admin-input';
import { DispatcherMetrics } from './dispatcher-metrics';
import { forwardedRequestHeaders, forwardedResponseHeaders } from './forwarded-headers';
import { DEFAULT_UPSTREAM_TIMEOUT_MS, HttpService, type HttpServiceOptions } from './http-service';
import { answerTooLarge } from './request-body';
import { type RequestFraming, refuseFaultyFraming, requestFraming } from './request-framing';
import type { TrafficResponse } from './request-id';
import { secondsSince, sendJson } from './responses';
import { MAX_TIMER_MS } from './wakeup-timer';

export interface DispatcherProxyOptions extends HttpServiceOptions {
  /** Base URL of each variant's service, e.g. {resnet50: 'http://resnet50.ns.svc:8501'}: http:// only. */
  variantUrls: Record<string, string>;
  quotas?: Quotas;
  /** A variant that has not answered a request in full by then is cut off: 504. Default 30 s (the dispatcher knows no SLO). */
  upstreamTimeoutMs?: number;
}

/** A variant's URL taken apart once when it is set: new URL() and its getters cost per request. */
interface Upstream {
  hostname: string;
  port: number | undefined;
  /** Path prefix without its trailing slash ('' for '/'). */
  basePath: string;
  /** Host header value, as node:http would write it for this URL. */
  host: string;
  /** The URL as set: for the log line of a failed call, never for the client. */
  url: string;
}

/** What a client is told when its variant fails; the detail goes to the log with its request id. */
const UPSTREAM_FAILED = 'the model server failed';
const UPSTREAM_TIMED_OUT = 'the model server did not answer in time';
/** The context of the log line of a failed call to a variant. */
const CONTEXT = 'dispatcher upstream';

/**
 * InfAdapter's dispatcher as an HTTP proxy. Every request goes to the variant the WeightedDispatcher
 * picks, path and body unchanged, streamed both ways, cut off with 504 after the upstream timeout
 * and with 413 past the body limit. On the admin port, POST /admin/quotas {weights: {name: int},
 * urls?: {name: url}} swaps the quotas at once (requests already forwarded finish on their old
 * variant); GET /admin/quotas shows them. With no quota anywhere it answers 503 at once (never
 * queues or spins).
 */
export class DispatcherProxy extends HttpService {
  readonly dispatcher: WeightedDispatcher;
  readonly upstreamTimeoutMs: number;
  private readonly urls: Map<string, Upstream>;
  private readonly metrics: DispatcherMetrics;

  constructor(options: DispatcherProxyOptions) {
    super(options);
    this.upstreamTimeoutMs = integerField('upstreamTimeoutMs', options.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS, 1, MAX_TIMER_MS);
    this.urls = parseUrls('variantUrls', options.variantUrls);
    this.dispatcher = new WeightedDispatcher();
    this.metrics = new DispatcherMetrics(this.registry, this.dispatcher);
    this.applyQuotas(options.quotas ?? {});
    this.adminRoute('POST', '/admin/quotas', (body) => this.quotasFromAdmin(body));
    this.adminRoute('GET', '/admin/quotas', () => this.state());
  }

  /**
   * Same as the admin endpoint, for in-process callers, except that all-zero quotas are allowed.
   * Throws (an AdminInputError naming the field) on an unknown variant, a bad quota or a bad URL,
   * before anything changes.
   */
  applyQuotas(quotas: Quotas, urls: Record<string, string> = {}): void {
    for (const [name, quota] of Object.entries(quotas)) integerField(`weights.${name}`, quota, 0, MAX_QUOTA);
    // Parsed before anything changes, so a bad URL or an unknown variant leaves the old state whole.
    const added = parseUrls('urls', urls);
    const unknown = Object.keys(quotas).filter((name) => !this.urls.has(name) && !added.has(name));
    if (unknown.length > 0) {
      throw new AdminInputError(
        `weights.${unknown[0]}`,
        `no URL for variant(s) ${unknown.join(', ')}: pass urls or configure variantUrls (known: ${[...this.urls.keys()].join(', ') || 'none'})`,
      );
    }
    const total = new Set([...this.urls.keys(), ...added.keys()]).size;
    if (total > MAX_ADMIN_ENTRIES) throw new AdminInputError('urls', `at most ${MAX_ADMIN_ENTRIES} variants in all, this would make ${total}`);
    for (const [name, upstream] of added) this.urls.set(name, upstream);
    this.dispatcher.setQuotas(quotas);
  }

  private state(): { weights: Quotas; frameSize: number } {
    return { weights: this.dispatcher.quotas(), frameSize: this.dispatcher.frameSize() };
  }

  private quotasFromAdmin(body: unknown): { weights: Quotas; frameSize: number } {
    const fields = objectBody(body, ['weights', 'urls']);
    if (fields.weights === undefined) throw new AdminInputError('weights', 'is required: {"weights": {"<variant>": <whole number>}}');
    const weights = recordField('weights', fields.weights) as Quotas;
    const urls = fields.urls === undefined ? {} : (recordField('urls', fields.urls) as Record<string, string>);
    for (const [name, url] of Object.entries(urls)) httpUrlField(`urls.${name}`, url);
    for (const [name, quota] of Object.entries(weights)) integerField(`weights.${name}`, quota, 0, MAX_QUOTA);
    // All zero would answer every request 503: never what the scaler means (its λ is at least 1).
    if (!Object.values(weights).some((q) => q > 0)) throw new AdminInputError('weights', 'at least one variant needs a quota > 0');
    this.applyQuotas(weights, urls);
    return this.state();
  }

  protected handle(req: http.IncomingMessage, res: TrafficResponse): void {
    const framing = requestFraming(req.httpVersion, req.rawHeaders);
    if (framing.kind === 'faulty') {
      this.countRejected('bad-framing');
      return refuseFaultyFraming(req, res, framing.reason);
    }
    if (framing.kind === 'length' && framing.bytes > this.maxBodyBytes) {
      this.countRejected('body-too-large');
      return answerTooLarge(req, res, this.maxBodyBytes);
    }
    this.forward(req, res, framing);
  }

  private forward(req: http.IncomingMessage, res: TrafficResponse, framing: RequestFraming): void {
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
    // The id the upstream gets is the one a failure is answered and logged with.
    const requestId = res.requestId;
    let upstream: http.ClientRequest;
    try {
      // Raw header arrays: node:http never builds the lower-cased header objects on either side.
      upstream = http.request(
        {
          hostname: target.hostname,
          port: target.port,
          path: target.basePath + (req.url ?? '/'),
          method: req.method,
          headers: forwardedRequestHeaders(req.rawHeaders, target.host, req.socket.remoteAddress, framing, requestId),
          agent: this.agent,
        },
        (upRes) => {
          this.upstreamAnswered();
          if (res.writableEnded || res.destroyed) {
            stopTimer();
            return void upRes.resume(); // answered (413) or gone already
          }
          upRes.on('end', stopTimer);
          upRes.on('error', () => res.destroy());
          const status = upRes.statusCode ?? 0;
          // RFC 9110 §15: outside 100–599 a status is invalid, to be taken as a server error. node's writeHead
          // throws on some (099, 000), which here, in a callback, would take the process down.
          if (status < 100 || status > 599) return badGateway(`answered with status ${status}, outside 100–599`);
          try {
            res.writeHead(status, forwardedResponseHeaders(upRes.rawHeaders));
          } catch (err) {
            // Anything else node's client reads and its server will not write is the upstream's fault too.
            return badGateway(`answered what cannot be passed on: ${errorMessage(err)}`);
          }
          relay(upRes, res);
        },
      );
    } catch (err) {
      // Variant URLs are checked when set; this is the last line, so no input can throw out of here.
      this.dispatcher.complete(variant);
      this.metrics.upstreamErrors.labels(variant).inc();
      this.metrics.finished(variant, '502', secondsSince(start));
      req.resume();
      return this.failRequest(
        res,
        502,
        { error: 'upstream-error', variant, message: UPSTREAM_FAILED },
        upstreamDetail(variant, target, errorMessage(err)),
        CONTEXT,
      );
    }
    // The upstream timer runs only while the proxy waits on the upstream: once the client's body is all in and
    // handed on, and while the upstream takes no more of it. While it waits on the client's body it is the client
    // that is slow (bounded by the server's requestTimeout), and that must not make a healthy upstream look wedged.
    let timer: NodeJS.Timeout | undefined;
    const startTimer = () => {
      if (timer !== undefined || res.writableEnded || res.destroyed) return; // running, answered already, or the client left
      timer = setTimeout(() => {
        this.upstreamTimedOut();
        upstream.destroy();
        const detail = upstreamDetail(variant, target, `did not answer within ${this.upstreamTimeoutMs} ms (--upstream-timeout-ms)`);
        this.failRequest(res, 504, { error: 'upstream-timeout', variant, message: UPSTREAM_TIMED_OUT }, detail, CONTEXT);
      }, this.upstreamTimeoutMs);
    };
    const stopTimer = () => {
      clearTimeout(timer);
      timer = undefined;
    };
    const badGateway = (detail: string) => {
      stopTimer();
      if (res.writableEnded) return; // the timeout or the size limit answered already
      if (res.destroyed) return; // the client left, and its close destroyed the upstream call: not the upstream's failure
      this.metrics.upstreamErrors.labels(variant).inc();
      this.failRequest(res, 502, { error: 'upstream-error', variant, message: UPSTREAM_FAILED }, upstreamDetail(variant, target, detail), CONTEXT);
      upstream.destroy(); // a connection that spoke bad HTTP goes back to no pool
    };
    upstream.on('error', (err) => badGateway(err.message));
    // Counted once, when the client's side ends, whatever ended it; a client that goes away takes its upstream request with it.
    res.on('close', () => {
      stopTimer();
      if (!res.writableFinished) upstream.destroy();
      this.dispatcher.complete(variant);
      this.metrics.finished(variant, res.writableFinished ? String(res.statusCode) : 'aborted', secondsSince(start));
    });
    relay(req, upstream, {
      limitBytes: this.maxBodyBytes,
      tooLarge: () => {
        upstream.destroy();
        this.countRejected('body-too-large');
        answerTooLarge(req, res, this.maxBodyBytes);
      },
      stalled: startTimer,
      drained: stopTimer,
      ended: startTimer,
    });
  }
}

/** A failed call to a variant, as the log tells it: the variant, its URL and what went wrong. */
function upstreamDetail(variant: string, target: Upstream, what: string): string {
  return `variant ${variant} at ${target.url}: ${what}`;
}

function parseUrls(field: string, urls: Record<string, string>): Map<string, Upstream> {
  const parsed = new Map<string, Upstream>();
  for (const [name, text] of Object.entries(urls)) {
    const url = new URL(httpUrlField(`${field}.${name}`, text));
    parsed.set(name, {
      hostname: url.hostname,
      port: url.port === '' ? undefined : Number(url.port),
      basePath: url.pathname.replace(/\/$/, ''),
      host: url.host,
      url: url.href,
    });
  }
  return parsed;
}

/** What relay() tells about the source it reads, and the limit it holds it to. */
interface RelayHooks {
  limitBytes: number;
  /** Runs instead, once more than limitBytes have come; nothing more is written. */
  tooLarge: () => void;
  /** The destination is full: the source is paused until it drains. */
  stalled: () => void;
  /** The destination drained: the source flows again. */
  drained: () => void;
  /** The whole source, within the limit, has been written on and the destination ended. */
  ended: () => void;
}

/**
 * pipe() without its per-stream bookkeeping (half a dozen listeners and an unpipe protocol): each
 * chunk is written on, the source pauses while the destination is full, and the end is passed on.
 */
function relay(from: Readable, to: Writable, hooks?: RelayHooks): void {
  const limitBytes = hooks?.limitBytes ?? Infinity;
  const resume = () => {
    hooks?.drained();
    from.resume();
  };
  let total = 0;
  const onData = (chunk: Buffer) => {
    total += chunk.length;
    if (total > limitBytes) {
      from.off('data', onData);
      return hooks?.tooLarge();
    }
    // A destroyed destination (its upstream failed) is never drained: keep reading the source.
    if (!to.write(chunk) && !to.destroyed) {
      from.pause();
      to.once('drain', resume);
      hooks?.stalled();
    }
  };
  from.on('data', onData);
  from.on('end', () => {
    if (total > limitBytes) return;
    to.end();
    hooks?.ended();
  });
}
