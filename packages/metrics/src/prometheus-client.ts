import { Agent } from 'node:https';
import { PrometheusDriver, type PrometheusConnectionOptions, type QueryResult } from 'prometheus-query';
import { DEFAULT_MAX_RESPONSE_BYTES, type PrometheusSourceConfig } from './config';
import { boundRequest, boundsFailure, type QueryBounds } from './query-bounds';
import { describeQueryError } from './query-error';

export interface Sample {
  /** Unix ms. */
  t: number;
  v: number;
}

export interface Series {
  labels: Record<string, string>;
  samples: Sample[];
}

/** A query's answer: series (possibly none), or why Prometheus could not answer. */
export type QueryAnswer = { kind: 'ok'; series: Series[] } | { kind: 'failed'; reason: string };

type ConnectionConfig = Pick<PrometheusSourceConfig, 'serverAddress' | 'timeoutMs' | 'auth' | 'tls' | 'headers'> &
  Partial<Pick<PrometheusSourceConfig, 'maxResponseBytes'>>;

function driverOptions(config: ConnectionConfig, bounds: QueryBounds): PrometheusConnectionOptions {
  const headers: Record<string, string> = { ...config.headers };
  if (config.auth?.type === 'bearer') headers.Authorization = `Bearer ${config.auth.token}`;
  const options: PrometheusConnectionOptions = {
    endpoint: config.serverAddress.replace(/\/+$/, ''),
    baseURL: '/api/v1',
    headers,
    timeout: config.timeoutMs,
  };
  if (config.auth?.type === 'basic') options.auth = { username: config.auth.username, password: config.auth.password };
  const tls = config.tls;
  // The driver has no TLS options of its own; its axios instance takes an https agent per request.
  const agent = tls ? new Agent({ ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: !tls.insecureSkipVerify }) : undefined;
  options.requestInterceptor = {
    onFulfilled: (request) => {
      if (agent) request.httpsAgent = agent;
      return boundRequest(request, bounds);
    },
  };
  options.responseInterceptor = { onFulfilled: (response) => response, onRejected: withHttpStatus };
  return options;
}

/** The most of a non-Prometheus error answer a reason quotes. */
const ERROR_EXCERPT_CHARS = 200;

/**
 * An error answer that is not Prometheus JSON (a proxy's 502 page, say) reaches the driver as a body
 * without `status`, which it reports as "unexpected client error" with neither the HTTP status nor
 * the body: give it a Prometheus-shaped error, so the reason says HTTP <status> and quotes the body.
 */
function withHttpStatus(error: unknown): Promise<never> {
  const response = (error as { response?: { status?: unknown; data?: unknown } } | undefined)?.response;
  if (response && typeof response.status === 'number' && (typeof response.data !== 'object' || response.data === null)) {
    const text = String(response.data ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    const excerpt = text.length > ERROR_EXCERPT_CHARS ? `${text.slice(0, ERROR_EXCERPT_CHARS)}…` : text;
    response.data = { status: 'error', error: excerpt === '' ? 'an empty answer' : `answered: ${excerpt}` };
  }
  return Promise.reject(error);
}

function toSeries(result: QueryResult): Series[] {
  const rows = Array.isArray(result.result) ? (result.result as unknown[]) : [];
  return rows.map((row) => {
    const r = row as { metric?: { labels?: Record<string, string> }; value?: unknown; values?: unknown[] };
    const raw = r.values ?? (r.value === undefined ? [] : [r.value]);
    const samples = raw.map((s) => {
      const sample = s as { time: Date; value: number };
      return { t: sample.time.getTime(), v: sample.value };
    });
    return { labels: r.metric?.labels ?? {}, samples };
  });
}

/** Instant and range queries, each with a deadline for the whole call and a cap on its answer; never throws. */
export class PrometheusClient {
  private readonly driver: PrometheusDriver;
  private readonly evalTimeout: string;
  private readonly bounds: QueryBounds;
  private readonly server: string;

  constructor(config: ConnectionConfig) {
    this.bounds = { timeoutMs: config.timeoutMs, maxResponseBytes: config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES };
    this.driver = new PrometheusDriver(driverOptions(config, this.bounds));
    this.evalTimeout = `${config.timeoutMs}ms`;
    this.server = config.serverAddress;
  }

  private failed(err: unknown): QueryAnswer {
    return { kind: 'failed', reason: boundsFailure(err, this.server, this.bounds) ?? describeQueryError(err) };
  }

  async instant(query: string, atMs: number): Promise<QueryAnswer> {
    try {
      return { kind: 'ok', series: toSeries(await this.driver.instantQuery(query, atMs, this.evalTimeout)) };
    } catch (err) {
      return this.failed(err);
    }
  }

  async range(query: string, startMs: number, endMs: number, stepSeconds: number): Promise<QueryAnswer> {
    try {
      const result = await this.driver.rangeQuery(query, startMs, endMs, stepSeconds, this.evalTimeout);
      return { kind: 'ok', series: toSeries(result) };
    } catch (err) {
      return this.failed(err);
    }
  }
}
