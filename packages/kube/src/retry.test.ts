import { StandbyError } from '@infscale/core';
import { retryDelayMs, withRetry } from './retry';

const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

describe('retryDelayMs', () => {
  it.each([
    [{ code: 409, reason: 'Conflict', message: '' }, true],
    [{ code: 409, reason: 'AlreadyExists', message: '' }, false],
    [{ code: 500, message: '' }, true],
    [{ code: 503, message: '' }, true],
    [{ code: 422, message: '' }, false],
    [{ code: 404, message: '' }, false],
    [{ message: 'ECONNRESET' }, true],
  ])('%o retried: %s', (failure, retried) => {
    expect(retryDelayMs(failure, 1, policy, () => 0.5) !== undefined).toBe(retried);
  });

  it('backs off exponentially with jitter between half and all of the backoff, capped', () => {
    const f = { code: 500, message: '' };
    expect(retryDelayMs(f, 1, policy, () => 0)).toBe(50);
    expect(retryDelayMs(f, 1, policy, () => 0.999)).toBe(100);
    expect(retryDelayMs(f, 3, policy, () => 0)).toBe(200);
    expect(retryDelayMs(f, 3, { ...policy, maxDelayMs: 300 }, () => 0.999)).toBe(300);
  });

  it('waits at least Retry-After on 429, but never longer than maxDelayMs', () => {
    expect(retryDelayMs({ code: 429, retryAfterSeconds: 7, message: '' }, 1, { ...policy, maxDelayMs: 10_000 }, () => 0)).toBe(7000);
    // An hour asked for (the reproduction) is the policy's cap, not an hour.
    expect(retryDelayMs({ code: 429, retryAfterSeconds: 3600, message: '' }, 1, policy, () => 0)).toBe(1000);
  });

  it('gives up after maxAttempts', () => {
    expect(retryDelayMs({ code: 500, message: '' }, 4, policy, () => 0)).toBeUndefined();
  });
});

describe('withRetry', () => {
  it('re-runs the operation (which re-reads) and sleeps the computed delays', async () => {
    const slept: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async (attempt) => {
        calls++;
        if (attempt < 3) throw Object.assign(new Error('conflict'), { code: 409, body: { reason: 'Conflict' } });
        return 'ok';
      },
      { policy, random: () => 0, sleep: async (ms) => void slept.push(ms) },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(slept).toEqual([50, 100]);
  });

  it('never retries a StandbyError: a replica that lost the lease stops at once', async () => {
    let calls = 0;
    const lost = new StandbyError('not the leader');
    const slept: number[] = [];
    const op = async () => {
      calls++;
      throw lost;
    };
    await expect(withRetry(op, { policy, random: () => 0, sleep: async (ms) => void slept.push(ms) })).rejects.toBe(lost);
    expect(calls).toBe(1);
    expect(slept).toEqual([]);
  });

  it('rethrows a final error untouched', async () => {
    const err = Object.assign(new Error('invalid'), { code: 422 });
    await expect(withRetry(async () => Promise.reject(err), { policy, random: () => 0, sleep: async () => undefined })).rejects.toBe(err);
  });
});
