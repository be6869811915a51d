import * as http from 'node:http';

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
}

export function postBatch(url: string, instances: unknown[], agent: http.Agent): Promise<BatchResult> {
  const body = JSON.stringify({ instances });
  return new Promise((resolve) => {
    const fail = (error: string) => resolve({ ok: false, predictions: [], error });
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => fail(`model server response failed: ${err.message}`));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 0) >= 300) return fail(`model server answered ${res.statusCode}: ${text.slice(0, 200)}`);
          resolve(parsePredictions(text, instances.length));
        });
      },
    );
    req.on('error', (err) => fail(`model server unreachable at ${url}: ${err.message}`));
    req.end(body);
  });
}

function parsePredictions(text: string, expected: number): BatchResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, predictions: [], error: 'model server answered with a body that is not JSON' };
  }
  const predictions = (parsed as { predictions?: unknown }).predictions;
  if (!Array.isArray(predictions) || predictions.length !== expected) {
    return { ok: false, predictions: [], error: `model server must answer {"predictions": [...]} with ${expected} entries` };
  }
  return { ok: true, predictions };
}
