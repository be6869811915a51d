import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '@infscale/core';
import { infAdapterProfilesOf, loadProfileFile } from '@infscale/profiles';
import { runCaptured } from '../test-support/capture-io';
import { runCliProcess, startEmulatorProcess, type EmulatorProcess } from '../test-support/cli-process';

/*
 * infscale profile against the emulator, whose capacity is known: a batching server (a free worker
 * takes everything queued, up to 1024, and serves it in l(b, c) = γ·b/c + η ms). Why this model and
 * these numbers (README "Profile a model server" has the measured run):
 * - The search's accuracy is set by how many requests a probe measures, not by the model: a p99 is
 *   the tail of a few queue cycles, so at 150 req/s an 8 s probe misses by ±5 % too often (simulated:
 *   18 % of runs), at ≥ 300 req/s it does not (2 of 200). Hence 2, 3 and 4 cores at γ = 5 ms
 *   (capacities of ~300, ~460 and ~620 req/s).
 * - η = 50 ms keeps a cycle ≈ 0.1–0.4 s, so the 2 s warm-up reaches the steady queue and 8 s hold
 *   tens of cycles; service times ≥ 50 ms make the emulator's timer lateness (~1 ms) negligible.
 * - The three core counts run at once, three profiler processes against three emulator processes
 *   (one run per core count, as a user without --deployment does): ~16 probes of 3–10 s each, 80–130 s.
 * - An end-to-end test (run once more when it fails, scripts/jest/cluster-retry.js): on an idle machine it
 *   measured −0.2 / −0.1 / 0.1 %, but with six processes sharing 2 cores beside another project's tests a
 *   CI run measured +6.0 % at 2 cores once (and +4.1 % in another); the retry and its message show in the
 *   run's failure list.
 */
const GAMMA_MS = 5;
const ETA_MS = 50;
const SLO_MS = 500;
const MAX_BATCH = 1024;
const CORES = [2, 3, 4];

/** Latencies (ms) of Poisson arrivals at `rate` to the emulator's service model, after a warm-up. */
function simulatedLatencies(rate: number, cores: number, seconds: number, seed: number): Float64Array {
  const random = mulberry32(seed);
  const arrivals: number[] = [];
  for (let t = -Math.log(1 - random()) / rate; t < seconds; t += -Math.log(1 - random()) / rate) arrivals.push(t * 1000);
  const out = new Float64Array(arrivals.length);
  let n = 0;
  let free = 0;
  for (let i = 0; i < arrivals.length;) {
    const start = Math.max(free, arrivals[i]!);
    let j = i;
    while (j < arrivals.length && arrivals[j]! <= start && j - i < MAX_BATCH) j++;
    const end = start + (GAMMA_MS * (j - i)) / cores + ETA_MS;
    for (let k = i; k < j; k++) if (arrivals[k]! >= 20_000) out[n++] = end - arrivals[k]!;
    free = end;
    i = j;
  }
  return out.subarray(0, n).sort();
}

/** The true capacity: the rate where the steady-state p99 of the model is the SLO (600 simulated s per rate, bisection). */
function trueCapacity(cores: number): number {
  let lo = 0;
  let hi = (1000 * cores) / GAMMA_MS;
  while (hi - lo > 0.5) {
    const mid = (lo + hi) / 2;
    const l = simulatedLatencies(mid, cores, 600, 11);
    if (l[Math.ceil(0.99 * l.length) - 1]! <= SLO_MS) lo = mid;
    else hi = mid;
  }
  return lo;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'infscale-profile-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const profileArgs = (url: string, cores: number, out: string) => [
  'profile',
  '--url',
  `${url}/predict`,
  '--variant',
  'm',
  '--accuracy',
  '0.7',
  '--cores',
  String(cores),
  '--slo',
  String(SLO_MS),
  '--probe-seconds',
  '8',
  '--warmup-seconds',
  '2',
  '--bracket-seconds',
  '2',
  '--tolerance',
  '0.03',
  '-o',
  out,
  '--json',
];

describe('infscale profile against the emulator', () => {
  const emulators = new Map<number, EmulatorProcess>();
  beforeAll(async () => {
    await Promise.all(
      CORES.map(async (cores) =>
        emulators.set(
          cores,
          await startEmulatorProcess(['--latency-model', `${GAMMA_MS},0,0,${ETA_MS}`, '--batch', String(MAX_BATCH), '--cores', String(cores)]),
        ),
      ),
    );
  }, 30_000);
  afterAll(() => Promise.all([...emulators.values()].map((e) => e.stop())), 15_000);

  // The folder of the last measuring attempt: a retry measures afresh in a new one (the profiler would
  // otherwise resume from the points it wrote and repeat the same answer).
  let measured = '';
  it('recovers the capacity at p99 ≤ 500 ms within 5 % at 2, 3 and 4 cores', async () => {
    measured = mkdtempSync(join(dir, 'attempt-'));
    const started = Date.now();
    // One profiler process per core count, as a user runs them: the load of one is not the others' event loop.
    const runs = await Promise.all(
      CORES.map((cores) => runCliProcess(profileArgs(emulators.get(cores)!.url, cores, join(measured, `c${cores}.yaml`)), 300_000)),
    );
    const seconds = (Date.now() - started) / 1000;
    const found = runs.map((r, i) => {
      expect({ code: r.code, err: r.code === 0 ? '' : r.err }).toEqual({ code: 0, err: '' });
      const [answer] = JSON.parse(r.out).capacities as { cores: number; capacityRps: number; reason: string }[];
      expect(answer).toMatchObject({ cores: CORES[i], reason: 'converged' });
      return answer!.capacityRps;
    });
    const truth = CORES.map(trueCapacity);
    const errors = found.map((f, i) => f / truth[i]! - 1);
    // The figures the README quotes.
    console.log(
      `profile: cores ${CORES.join(', ')}: measured ${found.join(', ')} req/s, true ${truth.map((t) => t.toFixed(1)).join(', ')} req/s, errors ${errors.map((e) => `${(100 * e).toFixed(1)} %`).join(', ')}, ${seconds.toFixed(0)} s`,
    );
    for (const e of errors) expect(Math.abs(e)).toBeLessThanOrEqual(0.05);
    // The file is a --profile-file: the variant with its measured point.
    const profile = infAdapterProfilesOf(loadProfileFile(join(measured, 'c2.yaml')));
    expect(profile.variants[0]).toMatchObject({ name: 'm', accuracy: 0.7, capacity: [{ cores: 2, sloMs: SLO_MS, capacityRps: found[0] }] });
    expect(profile.settings.sloMs).toBe(SLO_MS);
  }, 330_000);

  it('resumes from the points CSV: a rerun sends no probe and writes the same capacity', async () => {
    const out = join(measured, 'c2.yaml');
    const before = readFileSync(join(measured, 'c2.points.csv'), 'utf8');
    const again = await runCaptured(...profileArgs(emulators.get(2)!.url, 2, out));
    expect(again.code).toBe(0);
    expect(readFileSync(join(measured, 'c2.points.csv'), 'utf8')).toBe(before);
    expect(again.err).not.toMatch(/probe \d+:/);
    const first = infAdapterProfilesOf(loadProfileFile(out)).variants[0]!.capacity;
    expect(JSON.parse(again.out).capacities[0].capacityRps).toBe(first![0]!.capacityRps);
  }, 60_000);
});

describe('infscale profile flags', () => {
  it.each([
    [['--cores', '1,2'], /without --deployment the server runs with the cores you gave it/],
    [['--url', 'http://10.1.2.3:8080/predict'], /not on loopback.*--allow-remote/],
    [['-o', join(tmpdir(), 'p.txt')], /-o\/--out is the profile file/],
    [['--slo', '500,500'], /--slo lists a value twice/],
    [['--quantile', '1'], /--quantile must be a decimal number > 0 and < 1/],
    [['--container', 'model'], /--container needs --deployment/],
  ])('%j exits 2 naming the problem', async (args, message) => {
    const base: Record<string, string> = {
      '--url': 'http://127.0.0.1:1/predict',
      '--variant': 'm',
      '--accuracy': '0.7',
      '--cores': '1',
      '-o': join(tmpdir(), 'never.yaml'),
    };
    for (let i = 0; i < args.length; i += 2) base[args[i]!] = args[i + 1]!;
    const r = await runCaptured('profile', ...Object.entries(base).flat());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});
