import * as http from 'node:http';
import { type Clock, errorMessage, systemClock } from '@infscale/core';
import { Counter, Histogram } from 'prom-client';
import { PipelineRouter } from '../policy/pipeline-router';
import { RecentLeast } from '../policy/unreachable';
import { httpUrlField, integerField } from './admin-input';
import { BUDGET_HEADER } from './budget-header';
import { LATENCY_BUCKETS_S } from './dispatcher-metrics';
import { HttpService, type HttpServiceOptions } from './http-service';
import { answerTooLarge, BodyAbortedError, BodyTooLargeError, readBody } from './request-body';
import { REQUEST_ID_HEADER, type TrafficResponse } from './request-id';
import { secondsSince, sendJson } from './responses';
import { MAX_TIMER_MS } from './wakeup-timer';

/** The context of the log line of a failed stage call. */
const CONTEXT = 'router stage';

export interface PipelineRouterServiceOptions extends HttpServiceOptions {
  pipeline: string;
  /** In order: each stage's queue service URL (a StageQueueService), http:// only. */
  stages: { name: string; url: string }[];
  dropLimitMs: number;
  /** A stage call not answered by then is cut off with 504 (default: the drop limit, which cuts it off anyway). */
  upstreamTimeoutMs?: number;
  clock?: Clock;
}

interface StageAnswer {
  status: number;
  body: Buffer;
  /** Set when the stage gave no answer to pass on (unreachable, broke off, too long): what happened, for the log. */
  failure?: string;
}

/** How much of a failed stage's answer the log line keeps. */
const LOGGED_ANSWER_CHARS = 500;

/**
 * IPA's router. POST / carries an input through the stages in order, each stage's answer being the
 * next stage's input, and answers with the last one. The PipelineRouter decides at every stage
 * boundary; a stage call is also cut off when the drop limit passes while it waits, so a dropped
 * request stops using the stage queue. Dropped requests get 504 {error: "dropped", stage, reason};
 * a stage that does not answer within the upstream timeout (when shorter) 504 {error: "upstream-timeout"};
 * a stage that fails 502 {error: "stage-failed", stage, status}, what it answered going to the log only.
 * Each stage call carries the request's X-Request-Id, so the stages log a failure under the same id.
 * It has no admin endpoints: its admin port answers 404 to every authenticated call.
 */
export class PipelineRouterService extends HttpService {
  readonly router: PipelineRouter;
  readonly upstreamTimeoutMs: number;
  private readonly stageUrls: string[];
  private readonly clock: Clock;
  private readonly pipeline: string;
  private readonly outcomes: Counter<'pipeline' | 'outcome'>;
  private readonly drops: Counter<'pipeline' | 'stage'>;
  private readonly latency: Histogram<'pipeline'>;
  private readonly stageLatency: Histogram<'pipeline' | 'stage'>;
  /** Each stage's least answer time lately: what the later stages leave out of a stage's budget. */
  private readonly stageTimes: RecentLeast[];

  constructor(options: PipelineRouterServiceOptions) {
    super(options);
    this.pipeline = options.pipeline;
    this.router = new PipelineRouter({ stages: options.stages.map((s) => s.name), dropLimitMs: options.dropLimitMs });
    this.stageUrls = options.stages.map((s) => httpUrlField(`stages.${s.name}`, s.url));
    this.stageTimes = options.stages.map(() => new RecentLeast());
    this.upstreamTimeoutMs = integerField(
      'upstreamTimeoutMs',
      options.upstreamTimeoutMs ?? Math.min(MAX_TIMER_MS, Math.ceil(options.dropLimitMs)),
      1,
      MAX_TIMER_MS,
    );
    this.clock = options.clock ?? systemClock;
    const registers = [this.registry];
    this.outcomes = new Counter({
      name: 'infscale_router_requests_total',
      help: 'Requests by outcome: done, dropped, failed',
      labelNames: ['pipeline', 'outcome'],
      registers,
    });
    this.drops = new Counter({
      name: 'infscale_router_dropped_total',
      help: 'Requests dropped past the drop limit, by the stage they did not reach or finish',
      labelNames: ['pipeline', 'stage'],
      registers,
    });
    this.latency = new Histogram({
      name: 'infscale_router_latency_seconds',
      help: 'End-to-end latency of finished requests',
      labelNames: ['pipeline'],
      buckets: LATENCY_BUCKETS_S,
      registers,
    });
    this.stageLatency = new Histogram({
      name: 'infscale_router_stage_latency_seconds',
      help: 'Time a stage took, as the router saw it',
      labelNames: ['pipeline', 'stage'],
      buckets: LATENCY_BUCKETS_S,
      registers,
    });
  }

  protected handle(req: http.IncomingMessage, res: TrafficResponse): void {
    if (req.method !== 'POST') return sendJson(res, 404, { error: 'not-found', message: 'POST an input to /' });
    this.handleAsync(res, this.carry(req, res), 'router request');
  }

  private async carry(req: http.IncomingMessage, res: TrafficResponse): Promise<void> {
    const entryMs = this.clock.now();
    const start = process.hrtime.bigint();
    let body: Buffer;
    try {
      body = await readBody(req, this.maxBodyBytes);
    } catch (err) {
      if (err instanceof BodyAbortedError) return;
      if (!(err instanceof BodyTooLargeError)) throw err;
      this.countRejected('body-too-large');
      return answerTooLarge(req, res, this.maxBodyBytes);
    }
    for (let completed = 0; ; completed++) {
      const step = this.router.route(entryMs, completed, this.clock.now());
      if (step.kind === 'done') {
        this.outcomes.labels(this.pipeline, 'done').inc();
        this.latency.labels(this.pipeline).observe(secondsSince(start));
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
        return;
      }
      if (step.kind === 'drop') return this.drop(res, step.stage, step.reason, step.ageMs);
      const stageStart = process.hrtime.bigint();
      const url = this.stageUrls[step.index] as string;
      const stageStartMs = this.clock.now();
      const leftMs = this.router.expiresAtMs(entryMs) - stageStartMs;
      const answer = await this.callStage(url, body, leftMs, this.stageBudgetMs(step.index, leftMs), res.requestId);
      if (answer === 'expired') {
        const ageMs = this.clock.now() - entryMs;
        return this.drop(res, step.stage, `past the pipeline's drop limit of ${this.router.dropLimitMs} ms while in stage "${step.stage}"`, ageMs);
      }
      if (answer === 'timeout') {
        this.outcomes.labels(this.pipeline, 'failed').inc();
        const detail = `stage "${step.stage}" at ${url} did not answer within ${this.upstreamTimeoutMs} ms (--upstream-timeout-ms)`;
        const timedOut = { error: 'upstream-timeout', stage: step.stage, message: `stage "${step.stage}" did not answer in time` };
        return this.failRequest(res, 504, timedOut, detail, CONTEXT);
      }
      this.stageLatency.labels(this.pipeline, step.stage).observe(secondsSince(stageStart));
      if (answer.status === 504 && answerError(answer.body) === 'deadline-unreachable') {
        const ageMs = this.clock.now() - entryMs;
        return this.drop(res, step.stage, `stage "${step.stage}" could not finish it before the pipeline's drop limit of ${this.router.dropLimitMs} ms`, ageMs);
      }
      if (answer.status === 200) this.stageTimes[step.index]!.add(this.clock.now() - stageStartMs);
      if (answer.status !== 200) {
        this.outcomes.labels(this.pipeline, 'failed').inc();
        const detail = `stage "${step.stage}" at ${url} ${answer.failure ?? `answered ${answer.status}: ${answer.body.toString('utf8').slice(0, LOGGED_ANSWER_CHARS)}`}`;
        const failed = { error: 'stage-failed', stage: step.stage, status: answer.status, message: `stage "${step.stage}" failed` };
        return this.failRequest(res, 502, failed, detail, CONTEXT);
      }
      body = answer.body;
    }
  }

  private drop(res: http.ServerResponse, stage: string, reason: string, ageMs: number): void {
    this.outcomes.labels(this.pipeline, 'dropped').inc();
    this.drops.labels(this.pipeline, stage).inc();
    sendJson(res, 504, { error: 'dropped', pipeline: this.pipeline, stage, ageMs, reason });
  }

  /** What a stage may spend of the time left: less the least the later stages have needed lately (0 for one not timed yet). */
  private stageBudgetMs(index: number, leftMs: number): number {
    const later = this.stageTimes.slice(index + 1).reduce((a, t) => a + (t.least() ?? 0), 0);
    return Math.max(0, Math.floor(leftMs - later));
  }

  /**
   * POSTs body to a stage with the request's id: its answer, 'expired' when budgetMs (the drop limit)
   * passes first, or 'timeout' when the upstream timeout passes first; stageBudgetMs goes in the budget header. Never rejects.
   */
  private callStage(url: string, body: Buffer, budgetMs: number, stageBudgetMs: number, requestId: string): Promise<StageAnswer | 'expired' | 'timeout'> {
    const expires = budgetMs <= this.upstreamTimeoutMs;
    return new Promise((resolve) => {
      let done = false;
      const settle = (answer: StageAnswer | 'expired' | 'timeout') => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (typeof answer !== 'string' && answer.status !== 502) this.upstreamAnswered();
        resolve(answer);
      };
      let req: http.ClientRequest | undefined;
      const timer = setTimeout(
        () => {
          this.upstreamTimedOut();
          settle(expires ? 'expired' : 'timeout');
          req?.destroy();
        },
        Math.min(MAX_TIMER_MS, Math.max(0, expires ? budgetMs : this.upstreamTimeoutMs)),
      );
      const failed = (failure: string) => settle({ status: 502, body: Buffer.alloc(0), failure });
      const unreachable = (message: string) => failed(`could not be reached or broke off: ${message}`);
      try {
        req = http.request(
          url,
          {
            method: 'POST',
            agent: this.agent,
            headers: {
              'content-type': 'application/json',
              'content-length': body.length,
              [REQUEST_ID_HEADER]: requestId,
              [BUDGET_HEADER]: String(stageBudgetMs),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            let total = 0;
            res.on('data', (c: Buffer) => {
              total += c.length;
              if (total <= this.maxBodyBytes) return void chunks.push(c);
              failed(`answered more than ${this.maxBodyBytes} bytes (--max-body-bytes)`);
              res.destroy();
            });
            res.on('error', (err) => unreachable(err.message));
            res.on('end', () => settle({ status: res.statusCode ?? 502, body: Buffer.concat(chunks) }));
          },
        );
      } catch (err) {
        return unreachable(errorMessage(err));
      }
      req.on('error', (err) => unreachable(err.message));
      req.end(body);
    });
  }
}

/** The `error` code of a JSON error answer, if it is one. */
function answerError(body: Buffer): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && typeof (parsed as { error?: unknown }).error === 'string'
      ? (parsed as { error: string }).error
      : undefined;
  } catch {
    return undefined;
  }
}
