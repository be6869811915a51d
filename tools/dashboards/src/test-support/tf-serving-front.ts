import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TfServingFront {
  readonly url: string;
  close(): Promise<void>;
}

/** POSTs `body` and resolves with the parsed JSON answer, or rejects on a non-2xx or a broken socket. */
function postJson(url: string, body: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 0) >= 300) reject(new Error(`${url} answered ${res.statusCode}: ${text.slice(0, 200)}`));
        else resolve(JSON.parse(text));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A stand-in for the model server's TF-Serving face, in front of a packages/emulator model server: the
 * data plane (StageQueueService, EdfProxy) POSTs batches as {"instances": [...]}, the emulator
 * answers one request per POST (and forms its own batches from what arrives together). Each instance
 * becomes one POST /predict, all at once; the answers come back as {"predictions": [...]} in order.
 */
export function startTfServingFront(emulatorUrl: string): Promise<TfServingFront> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { instances } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { instances?: unknown[] };
      const batch = Array.isArray(instances) ? instances : [];
      Promise.all(batch.map((input) => postJson(`${emulatorUrl}/predict`, JSON.stringify(input ?? {}))))
        .then((predictions) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ predictions })))
        .catch((err: Error) => res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: err.message })));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/v1/models/m:predict`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
