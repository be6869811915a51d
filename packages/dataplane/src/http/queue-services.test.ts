import * as http from 'node:http';
import { errorLog } from '../test-support/error-log';
import { request, waitFor, within } from '../test-support/http-client';
import { type ScriptedAnswer, type ScriptedUpstream, scriptedUpstream } from '../test-support/scripted-upstream';
import { stalledRequest } from '../test-support/stalled-request';
import { EdfProxy } from './edf-proxy';
import { StageQueueService } from './stage-queue-service';

// What the two queueing proxies (IPA's stage queue, Sponge's EDF proxy) share: the bound on the
// requests they hold, an upstream answer too long for one batch, an input one batch cannot carry, and
// what a client is told when the model server fails (the detail goes to the log under its request id).

/** A JSON array nested this deep parses, but JSON.stringify of it overflows the stack. */
const DEPTH = 50_000;
const deeplyNested = '['.repeat(DEPTH) + ']'.repeat(DEPTH);

interface Limits {
  maxQueue?: number;
  maxBodyBytes?: number;
  maxBatchAnswerBytes?: number;
  requestTimeoutMs?: number;
  upstreamTimeoutMs?: number;
  onError?: ReturnType<typeof errorLog>['onError'];
}

/** One prediction per instance, each its instance echoed: a well-behaved model server. */
const echo = (body: string) => JSON.stringify({ predictions: (JSON.parse(body) as { instances: unknown[] }).instances });

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
  let upstream: ScriptedUpstream;
  let service: StageQueueService | EdfProxy;
  let base: string;
  let answerWith: (body: string) => ScriptedAnswer;
  let log: ReturnType<typeof errorLog>;

  async function start(limits: Limits = {}): Promise<void> {
    answerWith = echo;
    upstream = await scriptedUpstream((body) => answerWith(body));
    log = errorLog();
    service = create(upstream.url, { onError: log.onError, ...limits });
    base = await service.listen();
  }

  /** The id a failed answer carries, the same in its header and its body. */
  const idOf = (answer: { headers: http.IncomingHttpHeaders; json: () => unknown }): string => {
    const id = answer.headers['x-request-id'] as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.json()).toMatchObject({ requestId: id });
    return id;
  };
  afterEach(() => Promise.all([service.close(), upstream.close()]));

  const post = (body: string) => request(base + '/', { body, headers: { 'content-type': 'application/json' } });

  describe('an upstream answer too long for one batch', () => {
    it('is a failed batch, 502 to each request, under maxBatchAnswerBytes however large maxBodyBytes × batch', async () => {
      // maxBodyBytes × 2 = 2 MiB would let the 256 KiB answer through; maxBatchAnswerBytes holds it to 64 KiB.
      await start({ maxBodyBytes: 1024 * 1024, maxBatchAnswerBytes: 64 * 1024 });
      answerWith = () => JSON.stringify({ predictions: ['x'.repeat(128 * 1024), 'y'.repeat(128 * 1024)] });
      const answers = await within(3000, Promise.all([post('1'), post('2')]));
      expect(answers.map((a) => a.status)).toEqual([502, 502]);
      for (const answer of answers) {
        const id = idOf(answer);
        expect(answer.json()).toEqual({ error: 'model-server-error', message: "the model server's answer was too large", requestId: id });
        expect(log.of(id)).toEqual([
          expect.objectContaining({ status: 502, error: 'model-server-error', message: `model server at ${upstream.url} answered more than 65536 bytes` }),
        ]);
      }
      answerWith = echo;
      expect((await within(3000, Promise.all([post('3'), post('4')]))).map((a) => a.status)).toEqual([200, 200]);
    });
  });

  describe('the requests held: queued plus those still sending their bodies, at most maxQueue', () => {
    it('with maxQueue 5, of 20 slow senders 5 are read and queued, the other 15 are refused 503 at once', async () => {
      await start({ maxQueue: 5 });
      answerWith = () => undefined; // the model server never answers: what is admitted stays held
      const senders = await Promise.all(Array.from({ length: 20 }, (_, i) => stalledRequest(base + '/', JSON.stringify({ n: i }), 3)));
      const refused = await within(3000, Promise.all(senders.slice(5).map((s) => s.answer)));
      // Which five were first to arrive is the network's choice; count rather than name them.
      expect(refused.every((status) => status === 503)).toBe(true);
      senders.forEach((s) => s.finish());
      // Held now: those queued and those in the batch sent (2, the model server holds it).
      await waitFor(() => queued(service) + 2 * upstream.received.length >= 5, 3000);
      await new Promise((r) => setTimeout(r, 100)); // anything over the bound would have arrived by now
      expect(queued(service) + 2 * upstream.received.length).toBe(5);
      senders.forEach((s) => s.abort());
    });

    it('a sender that gives up, or sends a bad body, frees its place', async () => {
      await start({ maxQueue: 1 });
      const slow = await stalledRequest(base + '/', '{"n": 1}', 2);
      await waitFor(() => service.inFlight === 1);
      expect((await within(3000, post('2'))).status).toBe(503);
      slow.abort();
      await waitFor(() => service.inFlight === 0);
      expect((await within(3000, post('not json'))).status).toBe(400);
      // The place is free again: the next input is read and queued (a batch of one waits for a second).
      const next = await stalledRequest(base + '/', '3', 1); // the whole body: it is read and queued
      await waitFor(() => queued(service) === 1, 3000);
      next.abort();
    });

    it('cuts off a sender that has not sent its whole request within requestTimeoutMs (408) and frees its place', async () => {
      await start({ maxQueue: 1, requestTimeoutMs: 300 });
      const started = Date.now();
      const slow = await stalledRequest(base + '/', '{"n": 1}', 2);
      expect(await within(3000, slow.answer)).toBe(408);
      expect(Date.now() - started).toBeLessThan(2000);
      await waitFor(() => service.inFlight === 0);
      const lone = await stalledRequest(base + '/', '5', 1);
      lone.finish();
      await waitFor(() => queued(service) === 1, 3000);
      lone.abort();
    });

    it('has a request timeout of 30 s by default, not Node 300 s', async () => {
      await start();
      expect(service.server.requestTimeout).toBe(30_000);
      expect(service.adminServer.requestTimeout).toBe(30_000);
    });
  });

  describe('an input one batch cannot carry', () => {
    it('is answered 400 alone; the requests it would have been batched with are served', async () => {
      await start();
      let answered = false;
      const deep = post(deeplyNested).finally(() => (answered = true));
      // Admitted (queued) before the fix, answered before it is queued after: either way the next two come after it.
      // (The wait ends with the answer too: a poll left running would hold the test process up to its 5 s limit.)
      await within(
        3000,
        waitFor(() => answered || queued(service) === 1),
      );
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
      const failed = answers.find((a) => a.status === 502)!;
      const id = idOf(failed);
      expect(failed.json()).toEqual({ error: 'model-server-error', message: "the model server's answer could not be sent back", requestId: id });
      expect(failed.text).not.toMatch(/call stack/i);
      expect(log.of(id)).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/^prediction 0 of 2 .* cannot be serialised: Maximum call stack/) }),
      ]);
    });
  });

  describe('a model server that fails: the client is told what happened, the log line why', () => {
    /** What a model server's error page could carry: an internal address and a credential. */
    const SECRET = 'upstream db at http://10.0.3.7:5432 refused password=hunter2';

    it('a 500 with a body: 502 model-server-error without the body; the log line has it under each request id', async () => {
      await start();
      answerWith = () => ({ status: 500, body: JSON.stringify({ error: SECRET }) });
      const answers = await within(3000, Promise.all([post('1'), post('2')]));
      expect(answers.map((a) => a.status)).toEqual([502, 502]);
      const ids = answers.map(idOf);
      expect(new Set(ids).size).toBe(2);
      answers.forEach((answer, i) => {
        expect(answer.json()).toEqual({ error: 'model-server-error', message: 'the model server failed', requestId: ids[i] });
        expect(answer.text).not.toMatch(/hunter2|10\.0\.3\.7|127\.0\.0\.1/);
        expect(log.of(ids[i]!)).toEqual([expect.objectContaining({ status: 502, error: 'model-server-error', message: expect.stringContaining(SECRET) })]);
        expect(log.of(ids[i]!)[0]?.message).toContain(`model server at ${upstream.url} answered 500`);
      });
    });

    it('an unreachable one: 502 without its URL, with the id the client sent; the log line has the URL and the cause', async () => {
      await start();
      const port = new URL(upstream.url).port;
      await upstream.close();
      const answers = await within(
        3000,
        Promise.all(['r-1', 'r-2'].map((id) => request(base + '/', { body: '1', headers: { 'content-type': 'application/json', 'x-request-id': id } }))),
      );
      expect(answers.map((a) => a.status)).toEqual([502, 502]);
      expect(answers.map((a) => a.headers['x-request-id'])).toEqual(['r-1', 'r-2']);
      expect(answers[0]?.json()).toEqual({ error: 'model-server-error', message: 'the model server could not be reached', requestId: 'r-1' });
      expect(answers.map((a) => a.text).join()).not.toContain(port);
      for (const id of ['r-1', 'r-2']) {
        expect(log.of(id)).toEqual([expect.objectContaining({ message: expect.stringContaining(`model server unreachable at ${upstream.url}: `) })]);
        expect(log.of(id)[0]?.message).toContain('ECONNREFUSED');
      }
      upstream = await scriptedUpstream(echo); // afterEach closes one
    });

    it('one that does not answer in time: 504 upstream-timeout, the timeout and the URL in the log line', async () => {
      await start({ upstreamTimeoutMs: 200 });
      answerWith = () => undefined;
      const answers = await within(3000, Promise.all([post('1'), post('2')]));
      expect(answers.map((a) => a.status)).toEqual([504, 504]);
      const id = idOf(answers[0]!);
      expect(answers[0]?.json()).toEqual({ error: 'upstream-timeout', message: 'the model server did not answer in time', requestId: id });
      expect(log.of(id)).toEqual([
        expect.objectContaining({
          status: 504,
          error: 'upstream-timeout',
          message: `model server at ${upstream.url} did not answer within 200 ms (--upstream-timeout-ms)`,
        }),
      ]);
    });
  });
});
