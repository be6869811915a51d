import { LARGE_TRACE_REQUESTS, traceSummaryLine } from './trace-source';

describe('traceSummaryLine', () => {
  it('says how long the trace is, its total, mean and peak', () => {
    expect(traceSummaryLine('mine.csv', [1, 2, 3, 10])).toBe('mine.csv: 4 s, 16 requests, mean 4.0 req/s, peak 10 req/s');
    expect(traceSummaryLine('empty.txt', [])).toBe('empty.txt: 0 s, 0 requests, mean 0.0 req/s, peak 0 req/s');
  });

  it('past LARGE_TRACE_REQUESTS, says every system simulates every request and suggests a --scale', () => {
    const big = Array.from({ length: 30 }, () => 1_000_000);
    expect(traceSummaryLine('big.txt', big)).toBe(
      'big.txt: 30 s, 30,000,000 requests, mean 1000000.0 req/s, peak 1,000,000 req/s; every system simulates every request, so this takes long: --scale F (e.g. 0.07) shrinks the counts',
    );
    expect(traceSummaryLine('edge.txt', [LARGE_TRACE_REQUESTS])).not.toMatch(/--scale/);
  });
});
