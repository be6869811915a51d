import * as http from 'node:http';
import { errorMessage } from '@infscale/core';
import { integerField } from './admin-input';

/**
 * How a batch goes to a model server: TF-Serving's REST predict format. One POST of
 * {"instances": [input, …]} answered by {"predictions": [output, …]} in the same order.
 */
export interface BatchResult {
  ok: boolean;
  /** One output per input when ok; otherwise empty. */
  predictions: unknown[];
  /** Why the batch failed, in full (the server's URL, its status and answer, the exception): for the log only. */
  error?: string;
  /** What the batch's clients are told of the failure: short, nothing of the server's address or answer in it. */
  clientMessage?: string;
  /** How the callers answer a failed batch: 504 when the server did not answer in time, else 502. */
  status?: 502 | 504;
  /** The server sent an HTTP answer (any status): it is alive, whatever it said. */
  answered: boolean;
}

/**
 * Largest answer read to one batch, whatever maxBodyBytes × batch: an answer is decoded to one string,
 * and one over V8's string limit (~512 MiB) throws ERR_STRING_TOO_LONG; 32 MiB also bounds what one batch holds.
 */
export const MAX_BATCH_ANSWER_BYTES = 32 * 1024 * 1024;

export interface BatchAnswerOptions {
  /**
   * Largest upstream answer to one batch (bytes, at most and by default MAX_BATCH_ANSWER_BYTES = 32 MiB;
   * never more than maxBodyBytes per request of the batch). A longer one fails the batch: 502 to each request.
   */
  maxBatchAnswerBytes?: number;
}

/** The answer limit of one batch: maxBodyBytes per request, capped at maxBatchAnswerBytes. */
export function batchAnswerLimit(maxBodyBytes: number, batchLength: number, maxBatchAnswerBytes = MAX_BATCH_ANSWER_BYTES): number {
  return Math.min(maxBatchAnswerBytes, maxBodyBytes * batchLength);
}

export interface BatchLimits {
  /** Cut the call off (and answer 504) when the whole answer has not arrived by then. */
  timeoutMs: number;
  /** Largest answer read; a longer one fails the batch (502) and is not kept. */
  maxAnswerBytes: number;
}

/**
 * One input as it goes into a batch, serialised when its request is admitted: an input that cannot be
 * (JSON.stringify overflows the stack on a deeply nested one) is then refused alone, not its whole batch.
 * Undefined when it cannot be serialised.
 */
export function encodeInstance(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** Characters per string written of a batch body: the whole as one string could pass V8's string limit. */
const BODY_PART_CHARS = 1024 * 1024;

/** {"instances":[…]} from the serialised inputs, as strings of about BODY_PART_CHARS (one input may be longer). */
export function batchBodyParts(instances: readonly string[]): string[] {
  const parts: string[] = [];
  let part = '{"instances":[';
  instances.forEach((json, i) => {
    if (part.length + json.length > BODY_PART_CHARS) {
      parts.push(part);
      part = '';
    }
    part += i === 0 ? json : ',' + json;
  });
  parts.push(part + ']}');
  return parts;
}

/** What a failed batch's clients are told (BatchResult.clientMessage), by what went wrong. */
export const CLIENT_MESSAGES = {
  timeout: 'the model server did not answer in time',
  unreachable: 'the model server could not be reached',
  tooLarge: "the model server's answer was too large",
  unreadable: "the model server's answer could not be read",
  failed: 'the model server failed',
} as const;

/**
 * POSTs a batch of inputs serialised by encodeInstance; always resolves, never throws or rejects: a bad
 * URL, a timeout or a bad answer is a failed result, its `error` for the log and its `clientMessage` for the callers.
 */
export function postBatch(url: string, instances: readonly string[], agent: http.Agent, limits: BatchLimits): Promise<BatchResult> {
  return new Promise((resolve) => {
    let done = false;
    const settle = (result: BatchResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(result);
    };
    const fail = (error: string, clientMessage: string, answered: boolean, status: 502 | 504 = 502) =>
      settle({ ok: false, predictions: [], error, clientMessage, status, answered });
    let req: http.ClientRequest | undefined;
    const timer = setTimeout(() => {
      fail(`model server at ${url} did not answer within ${limits.timeoutMs} ms (--upstream-timeout-ms)`, CLIENT_MESSAGES.timeout, false, 504);
      req?.destroy();
    }, limits.timeoutMs);
    const body = batchBodyParts(instances);
    const contentLength = body.reduce((n, part) => n + Buffer.byteLength(part), 0);
    try {
      req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': contentLength } }, (res) => {
        const chunks: Buffer[] = [];
        let total = 0;
        res.on('data', (c: Buffer) => {
          total += c.length;
          if (total <= limits.maxAnswerBytes) return void chunks.push(c);
          fail(`model server at ${url} answered more than ${limits.maxAnswerBytes} bytes`, CLIENT_MESSAGES.tooLarge, true);
          res.destroy();
        });
        res.on('error', (err) => fail(`model server at ${url}: its answer broke off: ${err.message}`, CLIENT_MESSAGES.failed, true));
        res.on('end', () => {
          // Nothing may throw out of this listener: it runs outside any request's handler, so a throw would end the process.
          try {
            const text = Buffer.concat(chunks).toString('utf8');
            if ((res.statusCode ?? 0) >= 300)
              return fail(`model server at ${url} answered ${res.statusCode}: ${text.slice(0, 200)}`, CLIENT_MESSAGES.failed, true);
            settle(parsePredictions(text, instances.length, url));
          } catch (err) {
            fail(`model server at ${url}: its answer could not be read: ${errorMessage(err)}`, CLIENT_MESSAGES.unreadable, true);
          }
        });
      });
    } catch (err) {
      return fail(`cannot call the model server at ${url}: ${errorMessage(err)}`, CLIENT_MESSAGES.unreachable, false);
    }
    req.on('error', (err) => fail(`model server unreachable at ${url}: ${err.message}`, CLIENT_MESSAGES.unreachable, false));
    for (const part of body) req.write(part);
    req.end();
  });
}

/**
 * How a queueing service (stage queue, EDF proxy) posts its batches: through its agent, each answer read up to
 * batchAnswerLimit(maxBodyBytes, batch length, maxBatchAnswerBytes). The one place the option is checked.
 */
export class BatchPoster {
  /** The maxBatchAnswerBytes option: a whole number from 1 to MAX_BATCH_ANSWER_BYTES, the default when absent. */
  readonly maxBatchAnswerBytes: number;

  constructor(
    private readonly agent: http.Agent,
    private readonly maxBodyBytes: number,
    options: BatchAnswerOptions,
  ) {
    this.maxBatchAnswerBytes = integerField('maxBatchAnswerBytes', options.maxBatchAnswerBytes ?? MAX_BATCH_ANSWER_BYTES, 1, MAX_BATCH_ANSWER_BYTES);
  }

  /** postBatch of the serialised inputs to url, cut off after timeoutMs. */
  post(url: string, instances: readonly string[], timeoutMs: number): Promise<BatchResult> {
    const maxAnswerBytes = batchAnswerLimit(this.maxBodyBytes, instances.length, this.maxBatchAnswerBytes);
    return postBatch(url, instances, this.agent, { timeoutMs, maxAnswerBytes });
  }
}

function parsePredictions(text: string, expected: number, url: string): BatchResult {
  const unreadable = (error: string): BatchResult => ({
    ok: false,
    predictions: [],
    error,
    clientMessage: CLIENT_MESSAGES.unreadable,
    status: 502,
    answered: true,
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return unreadable(`model server at ${url} answered with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  const predictions = (parsed as { predictions?: unknown } | null)?.predictions;
  if (!Array.isArray(predictions) || predictions.length !== expected) {
    return unreadable(`model server at ${url} must answer {"predictions": [...]} with ${expected} entries: ${text.slice(0, 200)}`);
  }
  return { ok: true, predictions, answered: true };
}
