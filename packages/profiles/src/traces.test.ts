import { bundledDataDir, dataFile } from './paths';
import { readCsv } from './csv';
import { findWindow, HOLDOUT_WINDOWS, loadTwitterTrace, parseCounts, traceStats, traceWindow, TRAINING_WINDOWS } from './traces';

describe('Twitter trace', () => {
  const trace = loadTwitterTrace();

  it('has 1,899,061 seconds with mean 63.6 and max 388 req/s', () => {
    const s = traceStats(trace);
    expect(s.seconds).toBe(1_899_061);
    expect(s.meanRps).toBeCloseTo(63.6, 1);
    expect(s.maxRps).toBe(388);
  });

  it("gives InfAdapter's segment exactly as the paper's experiment file", () => {
    const seg = traceWindow(trace, findWindow('segment'));
    const rows = readCsv(dataFile(bundledDataDir, 'infadapter', 'traces', 'infadapter_experiment_segment.csv'));
    expect(seg).toEqual(rows.map((r) => r.integer('rps')));
    const s = traceStats(seg);
    expect([s.seconds, s.minRps, s.maxRps]).toEqual([1260, 27, 274]);
    expect(s.meanRps).toBeCloseTo(96.6, 1);
  });

  it.each(['bursty', 'steady-low', 'steady-high', 'fluctuating'])("gives IPA's %s window damped by 8 as the paper sent it", (name) => {
    const rows = readCsv(dataFile(bundledDataDir, 'ipa', 'twitter_experiment_workloads.csv')).filter((r) => r.text('pattern') === name.replace('-', '_'));
    expect(rows.length).toBe(1200);
    expect(traceWindow(trace, findWindow(name))).toEqual(rows.map((r) => r.integer('rps_damped')));
  });

  it('keeps the held-out windows in the test days and the tuning windows in the first 14 days', () => {
    const split = 14 * 86_400;
    for (const name of HOLDOUT_WINDOWS) for (const seg of findWindow(name).segments) expect(seg.from).toBeGreaterThanOrEqual(split);
    for (const name of TRAINING_WINDOWS) for (const seg of findWindow(name).segments) expect(seg.to).toBeLessThanOrEqual(split);
  });

  it.each([
    ['holdout-surge', [14, 16, 17, 18, 19, 21], 350],
    ['train-surge', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13], 388],
  ] as const)('%s starts 10 minutes before the minute of the highest second of its days', (name, days, peak) => {
    let best = { rps: -1, at: 0 };
    for (const d of days)
      for (let i = d * 86_400; i < Math.min(trace.length, (d + 1) * 86_400); i++) if (trace[i]! > best.rps) best = { rps: trace[i]!, at: i };
    expect(best.rps).toBe(peak);
    const seg = findWindow(name).segments[0]!;
    expect(seg.from).toBe(Math.floor(best.at / 60) * 60 - 600);
    expect(seg.to - seg.from).toBe(21 * 60);
    expect(traceStats(traceWindow(trace, findWindow(name))).maxRps).toBe(peak);
  });

  it('names the position of a corrupted count', () => {
    expect(() => parseCounts('12 13 1x4 5', 'trace.txt')).toThrow('trace.txt, row 3, field "requests per second": unexpected character "x" in entry 3');
    expect(() => parseCounts('  \n', 'empty.txt')).toThrow('empty.txt: the trace is empty');
  });

  it('rejects unknown windows and windows outside the trace', () => {
    expect(() => findWindow('weekly')).toThrow(/unknown window "weekly" \(known: segment/);
    expect(() => traceWindow(Int32Array.from([1, 2]), { name: 'x', description: '', segments: [{ from: 0, to: 5 }], damping: 1 })).toThrow(/outside the trace/);
  });
});
