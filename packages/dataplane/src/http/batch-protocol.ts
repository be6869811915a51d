import * as http from 'node:http';
import { errorMessage } from '@infscale/core';

/**
 * How a batch goes to a model server: TF-Serving's REST predict format. One POST of
 * {"instances": [input, …]} answered by {"predictions": [output, …]} in the same order.
 */
export interface BatchResult {
  ok: boolean;
  /** One output per input when ok; otherwise empty. */
  predictions: unknown[];
  /** Why the batch failed, when it did. */
  error?: string;
  /** How the callers answer a failed batch: 504 when the server did not answer in time, else 502. */
  status?: 502 | 504;
  /** The server sent an HTTP answer (any status): it is alive, whatever it said. */
  answered: boolean;
}

export interface BatchLimits {
  /** Cut the call off (and answer 504) when the whole answer has not arrived by then. */
  timeoutMs: number;
  /** Largest answer read; a longer one fails the batch (502) and is not kept. */
  maxAnswerBytes: number;
}

/** POSTs a batch; always resolves, never throws or rejects: a bad URL, a timeout or a bad answer is a failed result. */
export function postBatch(url: string, instances: unknown[], agent: http.Agent, limits: BatchLimits): Promise<BatchResult> {
  return new Promise((resolve) => {
    let done = false;
    const settle = (result: BatchResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(result);
    };
    const fail = (error: string, answered: boolean, status: 502 | 504 = 502) => settle({ ok: false, predictions: [], error, status, answered });
    let req: http.ClientRequest | undefined;
    const timer = setTimeout(() => {
      fail(`model server at ${url} did not answer within ${limits.timeoutMs} ms (--upstream-timeout-ms)`, false, 504);
      req?.destroy();
    }, limits.timeoutMs);
    let body: string;
    try {
      body = JSON.stringify({ instances });
      req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        const chunks: Buffer[] = [];
        let total = 0;
        res.on('data', (c: Buffer) => {
          total += c.length;
          if (total <= limits.maxAnswerBytes) return void chunks.push(c);
          fail(`model server answered more than ${limits.maxAnswerBytes} bytes`, true);
          res.destroy();
        });
        res.on('error', (err) => fail(`model server response failed: ${err.message}`, true));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 0) >= 300) return fail(`model server answered ${res.statusCode}: ${text.slice(0, 200)}`, true);
          settle(parsePredictions(text, instances.length));
        });
      });
    } catch (err) {
      return fail(`cannot call the model server at ${url}: ${errorMessage(err)}`, false);
    }
    req.on('error', (err) => fail(`model server unreachable at ${url}: ${err.message}`, false));
    req.end(body);
  });
}

function parsePredictions(text: string, expected: number): BatchResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, predictions: [], error: 'model server answered with a body that is not JSON', status: 502, answered: true };
  }
  const predictions = (parsed as { predictions?: unknown } | null)?.predictions;
  if (!Array.isArray(predictions) || predictions.length !== expected) {
    return { ok: false, predictions: [], error: `model server must answer {"predictions": [...]} with ${expected} entries`, status: 502, answered: true };
  }
  return { ok: true, predictions, answered: true };
}
