import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { infAdapterProfilesOf, parseProfileText } from '@infscale/profiles';
import { DEFAULT_SEARCH } from '../search/capacity-search';
import type { LatencySample } from '../probe/latency-sample';
import { appendPoints, readPoints, type StoredPoint } from './points-csv';
import { profileCores, type CapacityAnswer, type ProfileIo } from './profile-cores';
import { readProfileDocument, withProfiledVariant, writeProfileFile } from './profile-writer';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'profiler-run-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A model server for the loop: latency grows linearly with the rate (10 ms at 0, 10 ms more per
 * req/s), the same for every request, so its p99 is exact: within an SLO s up to (s − 10) / 10 req/s.
 */
function linearServer(): ProfileIo & { probes: number[]; settles: number } {
  const io = {
    probes: [] as number[],
    settles: 0,
    probe: async (rate: number, length: { durationS: number; warmupS: number }): Promise<LatencySample> => {
      io.probes.push(rate);
      const n = 1000;
      return { rateRps: rate, ...length, requests: n, failed: 0, latenciesMs: new Array<number>(n).fill(10 + 10 * rate), throughputRps: rate };
    },
    settle: async () => {
      io.settles++;
      return true;
    },
    now: () => new Date('2026-01-01T00:00:00Z'),
  };
  return io;
}

const search = { ...DEFAULT_SEARCH, startRps: 1, tolerance: 0.02 };

describe('profileCores', () => {
  it('runs one search per SLO, every probe judged against all of them, and records one row per SLO', async () => {
    const io = linearServer();
    const rows: StoredPoint[] = [];
    const answers = await profileCores({ variant: 'm', cores: 2, slosMs: [1000, 510], search, known: [], record: (r) => rows.push(...r), seed: 1 }, io);
    expect(answers.map((a) => [a.sloMs, a.reason])).toEqual([
      [510, 'converged'],
      [1000, 'converged'],
    ]);
    // Exact: 50 req/s at 510 ms, 99 req/s at 1000 ms; the answer is within the tolerance below.
    expect(answers[0]!.capacityRps).toBeLessThanOrEqual(50);
    expect(answers[0]!.capacityRps).toBeGreaterThanOrEqual(50 * 0.98);
    expect(answers[1]!.capacityRps).toBeLessThanOrEqual(99);
    expect(answers[1]!.capacityRps).toBeGreaterThanOrEqual(99 * 0.98);
    expect(rows).toHaveLength(2 * io.probes.length);
    expect(new Set(rows.map((r) => r.probe)).size).toBe(io.probes.length);
    // Every probe over the larger SLO was followed by a settle.
    expect(io.settles).toBe(io.probes.filter((r) => 10 + 10 * r > 1000).length);
  });

  it('resumes: the points of an earlier run (from the CSV) are not probed again', async () => {
    const file = join(dir, 'points.csv');
    const first = linearServer();
    await profileCores({ variant: 'm', cores: 2, slosMs: [510], search, known: [], record: (r) => appendPoints(file, r), seed: 1 }, first);
    const again = linearServer();
    const answers = await profileCores({ variant: 'm', cores: 2, slosMs: [510], search, known: readPoints(file), record: () => undefined, seed: 1 }, again);
    expect(again.probes).toEqual([]);
    expect(answers[0]!.reason).toBe('converged');
    // Another core count (or variant) in the same file starts from scratch.
    const other = linearServer();
    await profileCores({ variant: 'm', cores: 4, slosMs: [510], search, known: readPoints(file), record: () => undefined, seed: 1 }, other);
    expect(other.probes.length).toBe(first.probes.length);
  });
});

describe('the points CSV', () => {
  const point: StoredPoint = {
    variant: 'a,b',
    cores: 2,
    sloMs: 500,
    quantile: 0.99,
    probe: 1,
    phase: 'refine',
    rateRps: 12.5,
    durationS: 8,
    warmupS: 2,
    requests: 100,
    overSlo: 100,
    quantileMs: Infinity,
    throughputRps: 3.25,
    time: '2026-01-01T00:00:00.000Z',
  };

  it('reads back what it wrote, an infinite quantile and a quoted name included', () => {
    const file = join(dir, 'round.csv');
    appendPoints(file, [point]);
    appendPoints(file, [{ ...point, probe: 2, quantileMs: 480.1234, phase: 'bracket' }]);
    expect(readPoints(file)).toEqual([point, { ...point, probe: 2, quantileMs: 480.123, phase: 'bracket' }]);
  });

  it("names the line and field of a bad row, and refuses another file's header", () => {
    const bad = join(dir, 'bad.csv');
    appendPoints(bad, [point]);
    writeFileSync(bad, readFileSync(bad, 'utf8').replace(',refine,', ',sideways,'));
    expect(() => readPoints(bad)).toThrow(/bad\.csv, row 2, field "phase": "sideways" is not bracket or refine/);
    const other = join(dir, 'other.csv');
    writeFileSync(other, 'timestamp,count\n1,2\n');
    expect(() => appendPoints(other, [point])).toThrow(/not a points file of infscale profile/);
  });
});

describe('the profile file', () => {
  const answer = (cores: number, sloMs: number, capacityRps: number): CapacityAnswer => ({
    kind: 'done',
    cores,
    sloMs,
    capacityRps,
    failRps: capacityRps * 1.02,
    reason: 'converged',
  });

  it("adds a variant's points to what the file had, keeping other variants and keys, and reads back as a profile", () => {
    const file = join(dir, 'p.yaml');
    writeFileSync(
      file,
      'scaler: infadapter\ninfadapter:\n  task: shop\n  variants:\n    - {name: other, image: "r/other:1", accuracy: 0.5, capacityRps: [10, 20]}\n    - {name: m, image: "r/m:1", accuracy: 0.1, capacity: [{cores: 2, sloMs: 500, capacityRps: 1}, {cores: 8, sloMs: 500, capacityRps: 400}]}\n',
    );
    const doc = withProfiledVariant(readProfileDocument(file), { name: 'm', accuracy: 0.7, loadTimeS: 3 }, [answer(2, 500, 150.123), answer(4, 500, 300)], 500);
    writeProfileFile(file, doc, 'written by a test\nsecond line');
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('# written by a test\n# second line\n')).toBe(true);
    const profiles = infAdapterProfilesOf(parseProfileText(text, file));
    const m = profiles.variants.find((v) => v.name === 'm')!;
    expect(m).toMatchObject({ accuracy: 0.7, loadTimeS: 3 });
    // Cores 2 replaced, 4 added, 8 kept.
    expect(m.capacity).toEqual([
      { cores: 2, sloMs: 500, capacityRps: 150.12 },
      { cores: 4, sloMs: 500, capacityRps: 300 },
      { cores: 8, sloMs: 500, capacityRps: 400 },
    ]);
    expect(profiles.variants.map((v) => v.name).sort()).toEqual(['m', 'other']);
    expect(doc).toMatchObject({ scaler: 'infadapter', infadapter: { task: 'shop', slo: { latencyMs: 500 } } });
    expect(text).toContain('image: r/m:1');
  });

  it('is not written when it would not read back, and a file of another scaler is refused', () => {
    const file = join(dir, 'q.yaml');
    expect(() => writeProfileFile(file, withProfiledVariant({}, { name: 'm', accuracy: 0.7, loadTimeS: 0 }, [answer(2, 1000, 10)], 750), 'x')).toThrow(
      /no capacity that grows with cores at the SLO 750 ms/,
    );
    expect(() => readFileSync(file)).toThrow();
    writeFileSync(file, 'scaler: sponge\nsponge: {latencyModel: {gamma: 1, delta: 1, epsilon: 1, eta: 1}}\n');
    expect(() => readProfileDocument(file)).toThrow(/q\.yaml: scaler: infscale profile writes InfAdapter capacities/);
  });
});
