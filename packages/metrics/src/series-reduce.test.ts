import { budgetsFromBuckets, tightest } from './budget-buckets';
import type { Series } from './prometheus-client';
import { perSecondHistory, scalarOf } from './series-reduce';

const series = (points: Array<[number, number]>, labels: Record<string, string> = {}): Series => ({
  labels,
  samples: points.map(([t, v]) => ({ t, v })),
});

describe('scalarOf', () => {
  it.each([
    ['sums the series', [series([[0, 2]]), series([[0, 3]])], { kind: 'ok', value: 5 }],
    ['keeps a real zero', [series([[0, 0]])], { kind: 'ok', value: 0 }],
    ['empty', [], { kind: 'no-data', reason: 'q: empty result' }],
    ['NaN', [series([[0, NaN]])], { kind: 'no-data', reason: 'q: NaN (nothing observed in the window)' }],
    ['+Inf', [series([[0, Infinity]])], { kind: 'no-data', reason: 'q: not a finite number' }],
  ])('%s', (_what, input, expected) => {
    expect(scalarOf(input, 'q')).toEqual(expected);
  });
});

describe('perSecondHistory', () => {
  const start = 10_000;
  it.each([
    [
      'complete, summed across series',
      [
        series([
          [10_000, 1],
          [11_000, 2],
          [12_000, 3],
        ]),
        series([
          [10_000, 10],
          [11_000, 10],
          [12_000, 10],
        ]),
      ],
      [11, 12, 13],
    ],
    [
      'leading seconds without data are dropped',
      [
        series([
          [11_000, 2],
          [12_000, 3],
        ]),
      ],
      [2, 3],
    ],
    [
      'an inner gap repeats the previous value',
      [
        series([
          [10_000, 1],
          [12_000, 3],
        ]),
      ],
      [1, 1, 3],
    ],
    [
      'a young trailing gap repeats the last value',
      [
        series([
          [10_000, 1],
          [11_000, 2],
        ]),
      ],
      [1, 2, 2],
    ],
    [
      'NaN points count as missing',
      [
        series([
          [10_000, 1],
          [11_000, NaN],
          [12_000, 3],
        ]),
      ],
      [1, 1, 3],
    ],
    [
      'timestamps off by float rounding land in their second',
      [
        series([
          [10_000.4, 1],
          [10_999.6, 2],
          [12_000, 3],
        ]),
      ],
      [1, 2, 3],
    ],
  ])('%s', (_what, input, expected) => {
    expect(perSecondHistory(input, start, 3, 1_000, 'h')).toEqual({ kind: 'ok', value: expected });
  });

  it('no points at all is no-data', () => {
    expect(perSecondHistory([], start, 3, 1_000, 'h')).toEqual({ kind: 'no-data', reason: 'h: empty result over the last 3 s' });
  });

  it('a newest point older than the staleness limit is no-data', () => {
    expect(perSecondHistory([series([[10_000, 5]])], start, 3, 1_000, 'h')).toEqual({ kind: 'no-data', reason: 'h: stale, newest point is 2 s old' });
  });
});

describe('budgetsFromBuckets', () => {
  const buckets = (counts: Record<string, number>) => Object.entries(counts).map(([le, c]) => series([[0, c]], { le }));

  it('places each request at the lower edge of its bucket, +Inf at the largest edge', () => {
    const answer = budgetsFromBuckets(buckets({ '+Inf': 6, '0.2': 3, '0.1': 1, '0.4': 5 }), 100, 'b', 1000);
    expect(answer).toEqual({ kind: 'ok', value: [0, 100, 100, 200, 200, 400] });
  });

  it('rounds extrapolated counts and never goes negative', () => {
    expect(budgetsFromBuckets(buckets({ '100': 1.4, '200': 1.3, '+Inf': 2.6 }), 100, 'b')).toEqual({ kind: 'ok', value: [0, 200, 200] });
  });

  it('keeps the tightest budgets when there are too many', () => {
    expect(budgetsFromBuckets(buckets({ '100': 2, '200': 5, '+Inf': 5 }), 3, 'b')).toEqual({ kind: 'ok', value: [0, 0, 100] });
  });

  it.each([
    ['no buckets', []],
    ['a bucket without le', [series([[0, 1]])]],
    ['a NaN count', buckets({ '100': NaN })],
  ])('%s is no-data', (_what, input) => {
    expect(budgetsFromBuckets(input, 10, 'b').kind).toBe('no-data');
  });

  it('tightest takes the n smallest', () => {
    expect(tightest([300, 100, 200, 50], 2)).toEqual([50, 100]);
    expect(tightest([300], 0)).toEqual([]);
  });
});
