import { PipelineRouter } from './pipeline-router';

describe('PipelineRouter', () => {
  const router = new PipelineRouter({ stages: ['detect', 'classify'], dropLimitMs: 10_000 });

  it.each([
    { completed: 0, now: 0, expected: { kind: 'stage', stage: 'detect', index: 0 } },
    { completed: 1, now: 4_000, expected: { kind: 'stage', stage: 'classify', index: 1 } },
    { completed: 1, now: 10_000, expected: { kind: 'stage', stage: 'classify', index: 1 } },
    { completed: 2, now: 12_000, expected: { kind: 'done', latencyMs: 12_000 } },
  ])('after $completed stages at t=$now goes to $expected.kind', ({ completed, now, expected }) => {
    expect(router.route(0, completed, now)).toEqual(expected);
  });

  it('drops a request past the drop limit before its next stage, saying why', () => {
    const step = router.route(1_000, 1, 11_001);
    expect(step).toMatchObject({ kind: 'drop', stage: 'classify', index: 1, ageMs: 10_001 });
    expect(step.kind === 'drop' && step.reason).toMatch(/10001 ms since entry > 10000 ms, before stage "classify"/);
  });

  it('knows when a request expires', () => {
    expect(router.expiresAtMs(500)).toBe(10_500);
  });

  it('rejects a pipeline without stages or drop limit', () => {
    expect(() => new PipelineRouter({ stages: [], dropLimitMs: 1 })).toThrow(/at least one stage/);
    expect(() => new PipelineRouter({ stages: ['a'], dropLimitMs: 0 })).toThrow(/dropLimitMs/);
  });
});
