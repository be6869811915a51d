import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request, waitFor } from '../test-support/http-client';
import { EdfProxy } from './edf-proxy';
import { StageQueueService } from './stage-queue-service';

// What the two queueing proxies (IPA's stage queue, Sponge's EDF proxy) share: the bound on the
// requests they hold, an upstream answer too long for one batch, and an input one batch cannot carry.

/** A JSON array nested this deep parses, but JSON.stringify of it overflows the stack. */
const DEPTH = 50_000;
const deeplyNested = '['.repeat(DEPTH) + ']'.repeat(DEPTH);

interface Limits {
  maxQueue?: number;
  maxBodyBytes?: number;
  maxBatchAnswerBytes?: number;
  requestTimeoutMs?: number;
}

/** A raw model server: answers every batch with what answer() gives for its request body. */
async function rawUpstream(answer: (body: string) => string | undefined): Promise<{ url: string; calls: () => number; close: () => Promise<void> }> {
  let calls = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      calls++;
      const text = answer(Buffer.concat(chunks).toString('utf8'));
      if (text !== undefined) res.writeHead(200, { 'content-type': 'application/json' }).end(text); // undefined: never answers
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/models/m:predict`,
    calls: () => calls,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** One prediction per instance, each its instance echoed: a well-behaved model server. */
const echo = (body: string) => JSON.stringify({ predictions: (JSON.parse(body) as { instances: unknown[] }).instances });

/** Resolves with the value, or rejects after ms: a request the proxy never answers fails the test quickly. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Both proxies, batch size 2, a batch of one waiting about a minute: a lone request stays queued. */
const kinds = [
  {
    kind: 'stage queue',
    create: (upstreamUrl: string, limits: Limits) =>
      new StageQueueService({ stage: 's', replicaUrls: [upstreamUrl], maxBatchSize: 2, maxWaitMs: 60_000, ...limits }),
    queued: (s: StageQueueService | EdfProxy) => (s instanceof StageQueueService ? s.queue.length : 0),
  },
  {
    kind: 'EDF proxy',
    create: (upstreamUrl: string, limits: Limits) =>
      new EdfProxy({ upstreamUrl, batchSize: 2, serviceTime: () => 1, defaultSloMs: 60_000, latePolicy: 'serve-late', ...limits }),
    queued: (s: StageQueueService | EdfProxy) => (s instanceof EdfProxy ? s.queue.length + s.queue.lateLength : 0),
  },
];

describe.each(kinds)('$kind', ({ create, queued }) => {
  let upstream: Awaited<ReturnType<typeof rawUpstream>>;
  let service: StageQueueService | EdfProxy;
  let base: string;
  let answerWith: (body: string) => string | undefined;

  async function start(limits: Limits = {}): Promise<void> {
    answerWith = echo;
    upstream = await rawUpstream((body) => answerWith(body));
    service = create(upstream.url, limits);
    base = await service.listen();
  }
  afterEach(() => Promise.all([service.close(), upstream.close()]));

  const post = (body: string) => request(base + '/', { body, headers: { 'content-type': 'application/json' } });

  describe('an upstream answer too long for one batch', () => {
    it('is a failed batch, 502 to each request, under maxBatchAnswerBytes however large maxBodyBytes × batch', async () => {
      // maxBodyBytes × 2 = 2 MiB would let the 256 KiB answer through; maxBatchAnswerBytes holds it to 64 KiB.
      await start({ maxBodyBytes: 1024 * 1024, maxBatchAnswerBytes: 64 * 1024 });
      answerWith = () => JSON.stringify({ predictions: ['x'.repeat(128 * 1024), 'y'.repeat(128 * 1024)] });
      const answers = await within(3000, Promise.all([post('1'), post('2')]));
      expect(answers.map((a) => a.status)).toEqual([502, 502]);
      expect(answers[0]?.json()).toMatchObject({ error: 'model-server-error', message: expect.stringMatching(/more than 65536 bytes/) });
      answerWith = echo;
      expect((await within(3000, Promise.all([post('3'), post('4')]))).map((a) => a.status)).toEqual([200, 200]);
    });
  });

  describe('an input one batch cannot carry', () => {
    it('is answered 400 alone; the requests it would have been batched with are served', async () => {
      await start();
      const deep = post(deeplyNested);
      // Admitted (queued) before the fix, answered before it is queued after: either way the next two come after it.
      await within(3000, Promise.race([deep, waitFor(() => queued(service) === 1)]));
      const innocent = await within(3000, Promise.all([post('{"n": 1}'), post('{"n": 2}')]));
      expect(innocent.map((a) => a.status)).toEqual([200, 200]);
      expect(innocent.map((a) => a.json())).toEqual([{ n: 1 }, { n: 2 }]);
      const refused = await within(3000, deep);
      expect(refused.status).toBe(400);
      expect(refused.json()).toMatchObject({ error: 'bad-input' });
    });

    it('an answer that cannot be sent back fails its own request alone (502); the rest of the batch get theirs', async () => {
      await start();
      answerWith = () => `{"predictions": [${deeplyNested}, "fine"]}`;
      const answers = await within(3000, Promise.all([post('1'), post('2')]));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 502]);
      expect(answers.find((a) => a.status === 200)?.json()).toBe('fine');
    });
  });
});
