import * as http from 'node:http';
import { scriptedUpstream } from '../test-support/scripted-upstream';
import { batchAnswerLimit, batchBodyParts, BatchPoster, CLIENT_MESSAGES, encodeInstance, MAX_BATCH_ANSWER_BYTES, postBatch } from './batch-protocol';

describe('postBatch', () => {
  const agent = new http.Agent({ keepAlive: true });
  const limits = { timeoutMs: 5000, maxAnswerBytes: 1024 * 1024 };
  afterAll(() => agent.destroy());

  it('sends the inputs as serialised at admission, in TF-Serving predict format', async () => {
    const upstream = await scriptedUpstream(() => '{"predictions": [1, 2]}');
    try {
      const result = await postBatch(upstream.url, ['{"a":[1,2]}', '"text"'], agent, limits);
      expect(result).toEqual({ ok: true, predictions: [1, 2], answered: true });
      expect(upstream.received).toEqual(['{"instances":[{"a":[1,2]},"text"]}']);
    } finally {
      await upstream.close();
    }
  });

  it('an answer that cannot be decoded is a failed batch (502), never an exception out of the response handler', async () => {
    // Decoding an answer over V8's string limit (~512 MiB) throws ERR_STRING_TOO_LONG; a marked size stands in for one.
    const answer = `{"predictions": ["${'x'.repeat(77_777 - 20)}"]}`;
    const upstream = await scriptedUpstream(() => answer);
    const decode = Buffer.prototype.toString;
    const spy = jest.spyOn(Buffer.prototype, 'toString').mockImplementation(function (this: Buffer, ...args: unknown[]) {
      if (this.length === answer.length)
        throw Object.assign(new Error('Cannot create a string longer than 0x1fffffe8 characters'), { code: 'ERR_STRING_TOO_LONG' });
      return decode.apply(this, args as Parameters<Buffer['toString']>);
    });
    try {
      const result = await postBatch(upstream.url, ['1'], agent, limits);
      expect(result).toMatchObject({
        ok: false,
        status: 502,
        answered: true,
        error: expect.stringMatching(/longer than 0x1fffffe8/),
        clientMessage: CLIENT_MESSAGES.unreadable,
      });
    } finally {
      spy.mockRestore();
      await upstream.close();
    }
  });

  it.each([
    ['an error status', 500, '{"error": "token=s3cr3t"}', CLIENT_MESSAGES.failed, 'answered 500: {"error": "token=s3cr3t"}'],
    ['a body that is not JSON', 200, '<html>token=s3cr3t</html>', CLIENT_MESSAGES.unreadable, 'a body that is not JSON: <html>token=s3cr3t</html>'],
    ['predictions of the wrong count', 200, '{"predictions": [], "note": "token=s3cr3t"}', CLIENT_MESSAGES.unreadable, 'with 1 entries: {"predictions": []'],
  ])('a failed batch (%s): the URL and the answer in `error` (the log), neither in `clientMessage`', async (_name, status, answer, clientMessage, detail) => {
    const upstream = await scriptedUpstream(() => ({ status, body: answer }));
    try {
      const result = await postBatch(upstream.url, ['1'], agent, limits);
      expect(result).toMatchObject({ ok: false, status: 502, answered: true, clientMessage });
      expect(result.error).toContain(`model server at ${upstream.url}`);
      expect(result.error).toContain(detail);
    } finally {
      await upstream.close();
    }
  });
});

describe('batchAnswerLimit', () => {
  it('is maxBodyBytes per request of the batch, and never more than MAX_BATCH_ANSWER_BYTES (32 MiB)', () => {
    expect(MAX_BATCH_ANSWER_BYTES).toBe(32 * 1024 * 1024);
    expect(batchAnswerLimit(64, 3)).toBe(192);
    // The default 16 MiB body × a batch of 40 was 640 MiB: over V8's string limit, a crash when decoded.
    expect(batchAnswerLimit(16 * 1024 * 1024, 40)).toBe(MAX_BATCH_ANSWER_BYTES);
    expect(batchAnswerLimit(16 * 1024 * 1024, 40, 1000)).toBe(1000);
  });
});

describe('BatchPoster', () => {
  const agent = new http.Agent({ keepAlive: true });
  afterAll(() => agent.destroy());
  /** One prediction per instance, each its instance echoed. */
  const echo = (body: string) => JSON.stringify({ predictions: (JSON.parse(body) as { instances: unknown[] }).instances });

  it('checks maxBatchAnswerBytes: a whole number from 1 to MAX_BATCH_ANSWER_BYTES, that when absent', () => {
    expect(new BatchPoster(agent, 1024, {}).maxBatchAnswerBytes).toBe(MAX_BATCH_ANSWER_BYTES);
    expect(new BatchPoster(agent, 1024, { maxBatchAnswerBytes: 1000 }).maxBatchAnswerBytes).toBe(1000);
    for (const bad of [0, 1.5, MAX_BATCH_ANSWER_BYTES + 1]) {
      expect(() => new BatchPoster(agent, 1024, { maxBatchAnswerBytes: bad })).toThrow(/^maxBatchAnswerBytes: /);
    }
  });

  it('reads an answer up to maxBodyBytes per input of the batch, and never past maxBatchAnswerBytes', async () => {
    const upstream = await scriptedUpstream(echo);
    try {
      // {"predictions":[1,2]} is 21 bytes, {"predictions":[1]} 19.
      expect(await new BatchPoster(agent, 11, {}).post(upstream.url, ['1', '2'], 5000)).toMatchObject({ ok: true, predictions: [1, 2] });
      const tooLarge = { ok: false, status: 502, clientMessage: CLIENT_MESSAGES.tooLarge };
      expect(await new BatchPoster(agent, 11, {}).post(upstream.url, ['1'], 5000)).toMatchObject(tooLarge);
      expect(await new BatchPoster(agent, 1000, { maxBatchAnswerBytes: 20 }).post(upstream.url, ['1', '2'], 5000)).toMatchObject(tooLarge);
    } finally {
      await upstream.close();
    }
  });
});

describe('batchBodyParts', () => {
  it('joins the serialised inputs into {"instances":[…]} in parts of about 1 MiB, never one string for the whole', () => {
    expect(batchBodyParts(['1', '{"a":2}']).join('')).toBe('{"instances":[1,{"a":2}]}');
    expect(batchBodyParts([]).join('')).toBe('{"instances":[]}');
    const big = '"' + 'x'.repeat(600 * 1024) + '"';
    const parts = batchBodyParts([big, big, big]);
    expect(parts.length).toBeGreaterThan(1);
    expect(JSON.parse(parts.join(''))).toEqual({ instances: [big, big, big].map((s) => JSON.parse(s) as string) });
  });
});

describe('encodeInstance', () => {
  it('serialises an input, and says undefined for one JSON.stringify cannot take (nested too deeply)', () => {
    expect(encodeInstance({ a: [1, 'b'] })).toBe('{"a":[1,"b"]}');
    const deep = JSON.parse('['.repeat(50_000) + ']'.repeat(50_000)) as unknown;
    expect(encodeInstance(deep)).toBeUndefined();
  });
});
