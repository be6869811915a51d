import type * as http from 'node:http';
import { type Clock, monotonicClock } from '@infscale/core';
import { MAX_BATCH_SIZE } from '../policy/batch-size';
import { MAX_QUOTA } from '../policy/quotas';
import { SHARED, SplitQueue } from '../policy/split-queue';
import { cannotFinish, RecentLeast } from '../policy/unreachable';
import { AdminInputError, httpUrlField, integerField, listField, nameField, objectBody, recordField } from './admin-input';
import { type BatchAnswerOptions, BatchPoster } from './batch-protocol';
import { BUDGET_HEADER, readBudgetHeader } from './budget-header';
import { DEFAULT_MAX_QUEUE, DEFAULT_UPSTREAM_TIMEOUT_MS, HttpService, type HttpServiceOptions } from './http-service';
import { secondsSince, sendJson } from './responses';
import { StageQueueMetrics } from './stage-queue-metrics';
import { MAX_TIMER_MS, WakeupTimer } from './wakeup-timer';
import { answerBatch, holdRequest, type WaitingRequest } from './waiting-request';

/** Most batches one upstream URL may have in flight: replicas behind one Service. */
export const MAX_IN_FLIGHT_PER_URL = 1024;

export interface StageQueueServiceOptions extends HttpServiceOptions, BatchAnswerOptions {
  stage: string;
  /**
   * Predict URL of each upstream (http:// only): a replica, or a Service with the stage's replicas
   * behind it. Each entry takes up to `maxInFlightPerUrl` batches at once (a URL listed twice counts twice).
   */
  replicaUrls: string[];
  maxBatchSize: number;
  /**
   * Predict URLs of each variant of the stage by name (the deployment's, the key of the shares): where a
   * split stage sends the requests it assigns to that variant. Admin `variants.<name>.replicaUrls` sets them too.
   */
  variantUrls?: Record<string, string[]>;
  /** Batches in flight at once on each entry of replicaUrls (default 1): a Service's replica count. */
  maxInFlightPerUrl?: number;
  maxWaitMs?: number;
  /** Requests held at most, queued or still sending their bodies; more get 503 (default 1000). */
  maxQueue?: number;
  /** A batch not answered by then is cut off, its requests get 504 and its URL takes the next batch (default 30 s). */
  upstreamTimeoutMs?: number;
  /** Times the queue's waits; default monotonic, so a wall clock stepped back (NTP) delays or fails nothing. */
  clock?: Clock;
}

interface Upstream {
  url: string;
  /** Batches sent to this URL and not yet answered. */
  inFlight: number;
}

/** Where a split stage sends one variant's requests, and how. */
interface VariantUpstreams {
  upstreams: Upstream[];
  maxBatchSize: number;
  inFlightLimit: number;
}

/** A variant as GET /admin/stage shows it. */
interface VariantSettings {
  replicaUrls: string[];
  maxBatchSize: number;
  maxInFlightPerUrl: number;
}

/** The in-flight limit per URL: an integer from 1 to MAX_IN_FLIGHT_PER_URL; the message names the field. */
export function checkMaxInFlightPerUrl(n: unknown): number {
  return integerField('maxInFlightPerUrl', n, 1, MAX_IN_FLIGHT_PER_URL);
}

/** Replica URLs: 1 to 256 http:// URLs (none would leave every request waiting forever). */
function checkReplicaUrls(urls: unknown, field = 'replicaUrls'): string[] {
  return listField(field, urls, 1).map((url, i) => httpUrlField(`${field}.${i}`, url));
}

/** A URL that stays keeps its in-flight count, so it is not overbooked. */
function keepInFlight(previous: readonly Upstream[], urls: readonly string[]): Upstream[] {
  const left = [...previous];
  return urls.map((url) => {
    const i = left.findIndex((u) => u.url === url);
    return i >= 0 ? (left.splice(i, 1)[0] as Upstream) : { url, inFlight: 0 };
  });
}

/**
 * IPA's central queue of one stage, in front of its replicas. POST / with a JSON input waits in the
 * BatchingQueue (up to maxQueue; 503 past it); batches go to free replicas in TF-Serving predict
 * format and each caller gets its own prediction. Each upstream URL takes up to maxInFlightPerUrl
 * batches at once; a free place on any URL takes the next batch; a batch not answered within the
 * upstream timeout is answered 504 and frees its place. On the admin port, POST /admin/stage
 * {maxBatchSize?, replicaUrls?, maxInFlightPerUrl?, shares?, variants?} changes them (GET shows them);
 * batches already in flight finish where they are, whatever the new settings.
 *
 * Split (IPA's improved method): `shares` {"<variant>": n, …} with two or more positive shares assigns
 * each request to a variant by weighted round-robin (SplitQueue); it then waits for that variant's own
 * URLs and leaves in batches of that variant's size. `variants` {"<variant>": {replicaUrls?,
 * maxBatchSize?, maxInFlightPerUrl?}} sets them (merged into what is set; URLs also from the
 * variantUrls option); a share for a variant without URLs is refused. `shares: {}` (or one share)
 * makes the stage one queue for replicaUrls again.
 */
export class StageQueueService extends HttpService {
  readonly stage: string;
  readonly queue: SplitQueue<WaitingRequest>;
  readonly maxQueue: number;
  readonly upstreamTimeoutMs: number;
  /** Posts the batches under the answer limit; `batches.maxBatchAnswerBytes` is the option, checked. */
  readonly batches: BatchPoster;
  private upstreams: Upstream[] = [];
  private inFlightLimit: number;
  private sharedBatchSize: number;
  private readonly variants = new Map<string, VariantUpstreams>();
  private readonly clock: Clock;
  private readonly timer: WakeupTimer;
  private readonly metrics: StageQueueMetrics;
  /** Cancelled requests still in the queue: purged before the next batch forms. */
  private cancelledWaiting = 0;
  /** Per queue (SHARED or a variant): its batches' least round trip lately, the least time a request still needs here. */
  private readonly batchTimes = new Map<string, RecentLeast>();

  constructor(options: StageQueueServiceOptions) {
    super(options);
    this.stage = options.stage;
    this.clock = options.clock ?? monotonicClock;
    this.queue = new SplitQueue<WaitingRequest>({ maxWaitMs: options.maxWaitMs });
    this.sharedBatchSize = integerField('maxBatchSize', options.maxBatchSize, 1, MAX_BATCH_SIZE);
    this.inFlightLimit = checkMaxInFlightPerUrl(options.maxInFlightPerUrl ?? 1);
    for (const [name, urls] of Object.entries(options.variantUrls ?? {})) {
      this.variants.set(nameField('variantUrls', name), {
        upstreams: checkReplicaUrls(urls, `variantUrls.${name}`).map((url) => ({ url, inFlight: 0 })),
        maxBatchSize: this.sharedBatchSize,
        inFlightLimit: this.inFlightLimit,
      });
    }
    this.maxQueue = integerField('maxQueue', options.maxQueue ?? DEFAULT_MAX_QUEUE, 1, Number.MAX_SAFE_INTEGER);
    this.upstreamTimeoutMs = integerField('upstreamTimeoutMs', options.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS, 1, MAX_TIMER_MS);
    this.batches = new BatchPoster(this.agent, this.maxBodyBytes, options);
    // An empty list is allowed in process (tests, a queue told its replicas later), never through the admin endpoint.
    this.upstreams = (options.replicaUrls.length === 0 ? [] : checkReplicaUrls(options.replicaUrls)).map((url) => ({ url, inFlight: 0 }));
    this.timer = new WakeupTimer(this.clock, () => this.guard('stage queue wake-up', () => this.pump()));
    this.onClose(() => this.timer.stop());
    this.metrics = new StageQueueMetrics(this.registry, this.stage, () => ({
      queued: this.queue.length,
      inFlightBatches: this.allUpstreams().reduce((sum, u) => sum + u.inFlight, 0),
      maxBatchSize: this.sharedBatchSize,
      maxInFlightPerUrl: this.inFlightLimit,
    }));
    this.adminRoute('POST', '/admin/stage', (body) => this.settingsFromAdmin(body));
    this.adminRoute('GET', '/admin/stage', () => this.settings());
  }

  get maxInFlightPerUrl(): number {
    return this.inFlightLimit;
  }

  /** The batch size of the stage's one queue (a split stage's variants have their own). */
  get maxBatchSize(): number {
    return this.sharedBatchSize;
  }

  /**
   * From now on each URL takes up to n batches at once. Lowering it drops nothing: batches in flight
   * finish, and a URL takes new ones once it is under the limit again.
   */
  setMaxInFlightPerUrl(n: number): void {
    this.inFlightLimit = checkMaxInFlightPerUrl(n);
    this.pump();
  }

  setReplicas(urls: string[]): void {
    this.upstreams = keepInFlight(this.upstreams, checkReplicaUrls(urls));
    this.pump();
  }

  protected handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method !== 'POST')
      return sendJson(res, 404, { error: 'not-found', message: 'POST an input to /; settings go to POST /admin/stage on the admin port' });
    const budget = readBudgetHeader(req);
    if (!budget.ok) {
      req.resume();
      return sendJson(res, 400, { error: 'bad-budget', message: budget.message });
    }
    const queue = { queued: this.queue.length, maxQueue: this.maxQueue };
    this.handleAsync(
      res,
      this.readQueuedInstance(req, res, queue, (instance) => this.admit(instance, res, budget.budgetMs)),
      'stage queue input',
    );
  }

  private admit(instance: string, res: http.ServerResponse, budgetMs: number | undefined): void {
    const waiting = holdRequest(instance, res, () => this.cancelledWaiting++);
    if (budgetMs !== undefined) waiting.deadlineMs = this.clock.now() + budgetMs;
    res.on('close', () => this.countAnswer(waiting));
    this.queue.enqueue(waiting, this.clock.now());
    this.pump();
  }

  private settings(): {
    stage: string;
    maxBatchSize: number;
    replicas: number;
    replicaUrls: string[];
    maxInFlightPerUrl: number;
    shares: Record<string, number>;
    variants: Record<string, VariantSettings>;
  } {
    const variants = Object.fromEntries(
      [...this.variants].map(([name, v]) => [
        name,
        { replicaUrls: v.upstreams.map((u) => u.url), maxBatchSize: v.maxBatchSize, maxInFlightPerUrl: v.inFlightLimit },
      ]),
    );
    return {
      stage: this.stage,
      maxBatchSize: this.sharedBatchSize,
      replicas: this.upstreams.length,
      replicaUrls: this.upstreams.map((u) => u.url),
      maxInFlightPerUrl: this.inFlightLimit,
      shares: this.queue.shares(),
      variants,
    };
  }

  private settingsFromAdmin(body: unknown): ReturnType<StageQueueService['settings']> {
    const fields = objectBody(body, ['maxBatchSize', 'replicaUrls', 'maxInFlightPerUrl', 'shares', 'variants']);
    // Every field is read before anything changes: a 400 leaves the settings as they were.
    const maxBatchSize = fields.maxBatchSize === undefined ? undefined : integerField('maxBatchSize', fields.maxBatchSize, 1, MAX_BATCH_SIZE);
    const inFlightLimit = fields.maxInFlightPerUrl === undefined ? undefined : checkMaxInFlightPerUrl(fields.maxInFlightPerUrl);
    const replicaUrls = fields.replicaUrls === undefined ? undefined : checkReplicaUrls(fields.replicaUrls);
    const variants = fields.variants === undefined ? undefined : this.variantsField(fields.variants);
    const shares = fields.shares === undefined ? undefined : this.sharesField(fields.shares, variants ?? new Map());
    if (maxBatchSize !== undefined) this.sharedBatchSize = maxBatchSize;
    if (inFlightLimit !== undefined) this.inFlightLimit = inFlightLimit;
    if (replicaUrls !== undefined) this.upstreams = keepInFlight(this.upstreams, replicaUrls);
    for (const [name, v] of variants ?? []) this.variants.set(name, v);
    if (shares !== undefined) this.queue.setShares(shares);
    this.pump();
    return this.settings();
  }

  /** The `variants` field merged into what is set now (nothing changes yet). */
  private variantsField(value: unknown): Map<string, VariantUpstreams> {
    const out = new Map<string, VariantUpstreams>();
    for (const [name, entry] of Object.entries(recordField('variants', value))) {
      const field = `variants.${name}`;
      const v = objectBody(entry, ['replicaUrls', 'maxBatchSize', 'maxInFlightPerUrl'], field);
      const now = this.variants.get(name);
      const urls = v.replicaUrls === undefined ? undefined : checkReplicaUrls(v.replicaUrls, `${field}.replicaUrls`);
      out.set(name, {
        upstreams: urls === undefined ? (now?.upstreams ?? []) : keepInFlight(now?.upstreams ?? [], urls),
        maxBatchSize:
          v.maxBatchSize === undefined ? (now?.maxBatchSize ?? this.sharedBatchSize) : integerField(`${field}.maxBatchSize`, v.maxBatchSize, 1, MAX_BATCH_SIZE),
        inFlightLimit:
          v.maxInFlightPerUrl === undefined
            ? (now?.inFlightLimit ?? 1)
            : integerField(`${field}.maxInFlightPerUrl`, v.maxInFlightPerUrl, 1, MAX_IN_FLIGHT_PER_URL),
      });
    }
    return out;
  }

  /** The `shares` field: whole numbers, and a split only between variants that have URLs. */
  private sharesField(value: unknown, incoming: ReadonlyMap<string, VariantUpstreams>): Record<string, number> {
    const shares: Record<string, number> = {};
    for (const [name, n] of Object.entries(recordField('shares', value))) shares[name] = integerField(`shares.${name}`, n, 0, MAX_QUOTA);
    const positive = Object.keys(shares).filter((name) => shares[name]! > 0);
    if (positive.length < 2) return shares;
    for (const name of positive) {
      const urls = (incoming.get(name) ?? this.variants.get(name))?.upstreams ?? [];
      if (urls.length === 0)
        throw new AdminInputError(
          `shares.${name}`,
          `no URL for variant "${name}": set variants.${name}.replicaUrls, or start the queue with --variant ${name}=<url>`,
        );
    }
    return shares;
  }

  /** Sends every due batch to a URL under its in-flight limit, then sleeps until the next deadline of a queue that has a free URL. */
  private pump(): void {
    if (this.cancelledWaiting > 0) {
      this.cancelledWaiting = 0;
      this.metrics.cancelled.labels(this.stage).inc(this.queue.removeWhere((q) => q.request.cancelled).length);
    }
    let wake: number | undefined;
    for (const target of this.queue.targets()) {
      const queue = this.queue.queue(target)!;
      const variant = target === SHARED ? undefined : this.variants.get(target);
      const upstreams = variant ? variant.upstreams : this.upstreams;
      const limit = variant ? variant.inFlightLimit : this.inFlightLimit;
      queue.setBatchSize(variant ? variant.maxBatchSize : this.sharedBatchSize);
      if (freeUpstream(upstreams, limit)) this.shedUnreachable(target);
      for (let upstream = freeUpstream(upstreams, limit); upstream; upstream = freeUpstream(upstreams, limit)) {
        const batch = queue.takeBatch(this.clock.now(), true);
        if (!batch) break;
        this.send(upstream, batch, target);
      }
      const next = queue.nextDeadlineMs();
      if (next !== undefined && freeUpstream(upstreams, limit)) wake = Math.min(wake ?? next, next);
    }
    if (wake !== undefined) this.timer.schedule(wake);
  }

  /**
   * Before a batch leaves: a request whose budget (the router's header) ends before this queue's least
   * batch time lately is answered 504 "deadline-unreachable" instead of taking a replica's time (with no
   * batch timed yet, only the ones already past it). The router counts it as dropped.
   */
  private shedUnreachable(target: string): void {
    const now = this.clock.now();
    const needMs = this.batchTimes.get(target)?.least() ?? 0;
    const shed = this.queue
      .queue(target)!
      .removeWhere((q) => q.request.deadlineMs !== undefined && !q.request.cancelled && cannotFinish(q.request.deadlineMs, now, needMs));
    if (shed.length === 0) return;
    this.metrics.unreachable.labels(this.stage).inc(shed.length);
    const message = `stage "${this.stage}" could not finish it within its budget (${BUDGET_HEADER}): its batches take at least ${Math.round(needMs)} ms lately`;
    for (const q of shed) sendJson(q.request.res, 504, { error: 'deadline-unreachable', stage: this.stage, message });
  }

  /** Every URL the stage sends to: its own and its variants'. */
  private allUpstreams(): Upstream[] {
    return [...this.upstreams, ...[...this.variants.values()].flatMap((v) => v.upstreams)];
  }

  private send(upstream: Upstream, batch: WaitingRequest[], target: string): void {
    upstream.inFlight++;
    const sentMs = this.clock.now();
    this.metrics.batchSize.labels(this.stage).observe(batch.length);
    const posted = this.batches.post(
      upstream.url,
      batch.map((w) => w.instance),
      this.upstreamTimeoutMs,
    );
    void posted.then((result) =>
      this.guard(`stage ${this.stage} batch answer`, () => {
        // The place is freed first, whatever comes next: a hung batch never holds its URL beyond the timeout.
        upstream.inFlight--;
        if (result.answered) {
          this.upstreamAnswered();
          let times = this.batchTimes.get(target);
          if (!times) this.batchTimes.set(target, (times = new RecentLeast()));
          times.add(this.clock.now() - sentMs);
        } else if (result.status === 504) this.upstreamTimedOut();
        answerBatch(batch, result, (res, status, answer, detail) => this.failRequest(res, status, answer, detail, `stage ${this.stage} batch`));
        this.pump();
      }),
    );
  }

  private countAnswer(waiting: WaitingRequest): void {
    const code = waiting.cancelled ? 'cancelled' : String(waiting.res.statusCode);
    this.metrics.requests.labels(this.stage, code).inc();
    this.metrics.latency.labels(this.stage).observe(secondsSince(waiting.startNs));
  }
}

/** The URL with the fewest batches in flight among those under the limit (the first on a tie). */
function freeUpstream(upstreams: readonly Upstream[], limit: number): Upstream | undefined {
  let best: Upstream | undefined;
  for (const u of upstreams) if (u.inFlight < limit && (!best || u.inFlight < best.inFlight)) best = u;
  return best;
}
