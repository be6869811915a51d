import { PrometheusClient } from './prometheus-client';
import { rangeAsTraceCsv, recordRange } from './record-range';
import { startPrometheus, type RunningPrometheus } from './test-support/prometheus';

/** Four hours of a known per-second series, backfilled into a real Prometheus: more than one range query's 11,000 points. */
const SECONDS = 4 * 3600;
const END_S = Math.floor(Date.now() / 1000) - 3600;
const START_S = END_S - SECONDS + 1;
const valueAt = (t: number): number => (t * 7919) % 97;

function openMetrics(): string {
  const lines = ['# TYPE infscale_trace_rps gauge'];
  for (let t = START_S; t <= END_S; t++) lines.push(`infscale_trace_rps{job="trace",pod="a"} ${valueAt(t)} ${t}`);
  // A second series, for the "more than one series" case; it covers only the first hour.
  for (let t = START_S; t < START_S + 3600; t += 15) lines.push(`infscale_trace_rps{job="trace",pod="b"} 1 ${t}`);
  return lines.sort((a, b) => (a.startsWith('#') ? -1 : b.startsWith('#') ? 1 : 0)).join('\n') + '\n';
}

let prom: RunningPrometheus;
let client: PrometheusClient;

beforeAll(async () => {
  prom = await startPrometheus({ targets: [], backfillOpenMetrics: openMetrics() });
  client = new PrometheusClient({ serverAddress: prom.url, timeoutMs: 10_000, headers: {} });
}, 60_000);

afterAll(async () => {
  await prom?.stop();
});

describe('recordRange against a real Prometheus', () => {
  it('reads 4 h at 1 s in chunks under the points limit, every second exactly once and equal to what was stored', async () => {
    const progress: number[] = [];
    const recorded = await recordRange(client, {
      query: 'infscale_trace_rps{pod="a"}',
      fromS: START_S,
      toS: END_S,
      stepS: 1,
      onChunk: (done) => progress.push(done),
    });
    expect(recorded.chunks).toBe(2);
    expect(progress).toEqual([1, 2]);
    expect(recorded.missing).toBe(0);
    expect(recorded.points.length).toBe(SECONDS);
    const wrong = recorded.points.filter((p, i) => p.t !== START_S + i || p.v !== valueAt(p.t));
    expect(wrong.slice(0, 3)).toEqual([]);
  }, 60_000);

  it('counts the seconds with no data as missing (outside the stored range)', async () => {
    const recorded = await recordRange(client, { query: 'infscale_trace_rps{pod="a"}', fromS: END_S - 9, toS: END_S + 600, stepS: 1, maxPoints: 100 });
    // A gauge's last sample stays visible for Prometheus' 5-minute lookback, then the series is gone.
    expect(recorded.points.length).toBeGreaterThanOrEqual(10);
    expect(recorded.missing).toBe(610 - recorded.points.length);
    expect(recorded.chunks).toBe(7);
    expect(rangeAsTraceCsv(recorded).split('\n')[0]).toBe('timestamp,rate');
  }, 60_000);

  it('refuses a query with more than one series, naming the way out', async () => {
    await expect(recordRange(client, { query: 'infscale_trace_rps', fromS: START_S, toS: START_S + 60, stepS: 1 })).rejects.toThrow(/2 series.*sum\(/);
  }, 30_000);

  it('names the failing chunk on a bad query', async () => {
    await expect(recordRange(client, { query: 'rate(infscale_trace_rps[', fromS: START_S, toS: START_S + 60, stepS: 1 })).rejects.toThrow(
      /range query 1\/1 .* failed/,
    );
  }, 30_000);
});
