import * as http from 'node:http';
import { HttpService, sendJson } from '../http/http-service';
import { readBody } from '../http/request-body';

export interface UpstreamOptions {
  /** Name put in every answer, to tell upstreams apart. */
  name: string;
  /** Delay before answering (ms); 0 answers in the same tick as the body arrives. */
  delayMs?: number;
  /** Keep every request in `received` (default true); the benchmark turns it off so memory stays flat. */
  record?: boolean;
}

export interface ReceivedRequest {
  method: string;
  url: string;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/**
 * A stand-in model server for tests and the benchmark. It answers every request after delayMs with
 * {"upstream": name, "url": path, "body": body}; a POST of {"instances": [...]} (TF-Serving's
 * predict format) is answered {"predictions": [{upstream, input}, ...]}, one per instance.
 */
export class UpstreamServer extends HttpService {
  readonly received: ReceivedRequest[] = [];
  /** Sizes of the batches received in predict format, in arrival order. */
  readonly batchSizes: number[] = [];
  private readonly pending = new Set<NodeJS.Timeout>();
  private readonly heldAnswers: (() => void)[] = [];
  delayMs: number;
  /** While true, requests are held unanswered until release(): a slow upstream without timers. */
  holding = false;

  constructor(private readonly options: UpstreamOptions) {
    super();
    this.delayMs = options.delayMs ?? 0;
    this.onClose(() => this.pending.forEach((t) => clearTimeout(t)));
  }

  protected handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.handleAsync(res, this.answer(req, res), 'upstream stand-in');
  }

  private async answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = (await readBody(req, this.maxBodyBytes)).toString('utf8');
    if (this.options.record !== false) this.received.push({ method: req.method ?? '', url: req.url ?? '', body, headers: req.headers });
    const answer = () => sendJson(res, 200, this.answerFor(req.url ?? '', body));
    if (this.holding) return void this.heldAnswers.push(answer);
    if (this.delayMs <= 0) return answer();
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      answer();
    }, this.delayMs);
    this.pending.add(timer);
  }

  /** Requests received and held, not yet answered. */
  get held(): number {
    return this.heldAnswers.length;
  }

  /** Answers the held requests (in arrival order); requests arriving later are held while `holding`. */
  release(): void {
    this.heldAnswers.splice(0).forEach((answer) => answer());
  }

  private answerFor(url: string, body: string): unknown {
    const instances = predictInstances(body);
    if (!instances) return { upstream: this.options.name, url, body };
    this.batchSizes.push(instances.length);
    return { predictions: instances.map((input) => ({ upstream: this.options.name, input })) };
  }
}

function predictInstances(body: string): unknown[] | undefined {
  if (!body.startsWith('{"instances"')) return undefined;
  const parsed = JSON.parse(body) as { instances?: unknown };
  return Array.isArray(parsed.instances) ? parsed.instances : undefined;
}
