import * as http from 'node:http';
import { type Clock, systemClock } from '@infscale/core';
import { Counter, Histogram, type Registry } from 'prom-client';
import { PipelineRouter } from '../policy/pipeline-router';
import { LATENCY_BUCKETS_S } from './dispatcher-metrics';
import { HttpService, readBody, secondsSince, sendJson } from './http-service';

export interface PipelineRouterServiceOptions {
  pipeline: string;
  /** In order: each stage's queue service URL (a StageQueueService). */
  stages: { name: string; url: string }[];
  dropLimitMs: number;
  clock?: Clock;
  registry?: Registry;
}

interface StageAnswer {
  status: number;
  body: Buffer;
}

/**
 * IPA's router. POST / carries an input through the stages in order, each stage's answer being the
 * next stage's input, and answers with the last one. The PipelineRouter decides at every stage
 * boundary; a stage call is also cut off when the drop limit passes while it waits, so a dropped
 * request stops using the stage queue. Dropped requests get 504 {error: "dropped", stage, reason}.
 */
export class PipelineRouterService extends HttpService {
  readonly router: PipelineRouter;
  private readonly stageUrls: string[];
  private readonly clock: Clock;
  private readonly pipeline: string;
  private readonly outcomes: Counter<'pipeline' | 'outcome'>;
  private readonly drops: Counter<'pipeline' | 'stage'>;
  private readonly latency: Histogram<'pipeline'>;
  private readonly stageLatency: Histogram<'pipeline' | 'stage'>;

  constructor(options: PipelineRouterServiceOptions) {
    super(options.registry);
    this.pipeline = options.pipeline;
    this.router = new PipelineRouter({ stages: options.stages.map((s) => s.name), dropLimitMs: options.dropLimitMs });
    this.stageUrls = options.stages.map((s) => s.url);
    this.clock = options.clock ?? systemClock;
    const registers = [this.registry];
    this.outcomes = new Counter({ name: 'infscale_router_requests_total', help: 'Requests by outcome: done, dropped, failed', labelNames: ['pipeline', 'outcome'], registers });
    this.drops = new Counter({ name: 'infscale_router_dropped_total', help: 'Requests dropped past the drop limit, by the stage they did not reach or finish', labelNames: ['pipeline', 'stage'], registers });
    this.latency = new Histogram({ name: 'infscale_router_latency_seconds', help: 'End-to-end latency of finished requests', labelNames: ['pipeline'], buckets: LATENCY_BUCKETS_S, registers });
    this.stageLatency = new Histogram({ name: 'infscale_router_stage_latency_seconds', help: 'Time a stage took, as the router saw it', labelNames: ['pipeline', 'stage'], buckets: LATENCY_BUCKETS_S, registers });
  }

  protected handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method !== 'POST') return sendJson(res, 404, { error: 'not-found', message: 'POST an input to /' });
    void this.carry(req, res);
  }

  private async carry(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const entryMs = this.clock.now();
    const start = process.hrtime.bigint();
    let body = await readBody(req);
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
      const answer = await this.callStage(this.stageUrls[step.index], body, this.router.expiresAtMs(entryMs) - this.clock.now());
      if (answer === 'expired') {
        const ageMs = this.clock.now() - entryMs;
        return this.drop(res, step.stage, `past the pipeline's drop limit of ${this.router.dropLimitMs} ms while in stage "${step.stage}"`, ageMs);
      }
      this.stageLatency.labels(this.pipeline, step.stage).observe(secondsSince(stageStart));
      if (answer.status !== 200) {
        this.outcomes.labels(this.pipeline, 'failed').inc();
        return sendJson(res, 502, { error: 'stage-failed', stage: step.stage, status: answer.status, message: answer.body.toString('utf8').slice(0, 500) });
      }
      body = answer.body;
    }
  }

  private drop(res: http.ServerResponse, stage: string, reason: string, ageMs: number): void {
    this.outcomes.labels(this.pipeline, 'dropped').inc();
    this.drops.labels(this.pipeline, stage).inc();
    sendJson(res, 504, { error: 'dropped', pipeline: this.pipeline, stage, ageMs, reason });
  }

  /** POSTs body to a stage; 'expired' if it has not answered within budgetMs. */
  private callStage(url: string, body: Buffer, budgetMs: number): Promise<StageAnswer | 'expired'> {
    return new Promise((resolve) => {
      const req = http.request(url, { method: 'POST', agent: this.agent, headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 502, body: Buffer.concat(chunks) });
        });
      });
      const timer = setTimeout(() => {
        req.destroy();
        resolve('expired');
      }, Math.max(0, budgetMs));
      req.on('error', (err) => {
        clearTimeout(timer);
        resolve({ status: 502, body: Buffer.from(`stage unreachable at ${url}: ${err.message}`) });
      });
      req.end(body);
    });
  }
}
