import { ConfigError } from '@infscale/core';
import { Rng } from '@infscale/sim';

/**
 * Load shapes the Twitter trace holds little of, to check a scaler on workloads it was not tuned on:
 * - `sine`: a smooth swing between base and peak (a day pressed into `periodS`);
 * - `ramp`: a straight rise from base to peak over half a period and back down;
 * - `steps`: plateaus at levels drawn uniformly in [base, peak], each held 2–6 minutes, jumping at once;
 * - `spikes`: the base with flash crowds at the peak, 10–60 s long, every 3–8 minutes.
 */
export const SYNTHETIC_SHAPES = ['sine', 'ramp', 'steps', 'spikes'] as const;
export type SyntheticShape = (typeof SYNTHETIC_SHAPES)[number];

export interface SyntheticTraceOptions {
  shape: SyntheticShape;
  /** Length, s. */
  seconds: number;
  /** Least rate (req/s): the trough of sine and ramp, the floor of steps, the level between spikes. */
  baseRps: number;
  /** Highest rate (req/s): the crest, the top plateau, a spike's level. */
  peakRps: number;
  /** sine and ramp: seconds from one trough to the next (default 2400). */
  periodS?: number;
  /** Seeds the shape's draws (steps, spikes) and the arrivals. */
  seed: number;
}

/** Longest trace generated (a week): the counts are held in memory. */
export const MAX_SYNTHETIC_SECONDS = 7 * 86_400;
/** Highest rate accepted, req/s. */
export const MAX_SYNTHETIC_RPS = 100_000;
const DEFAULT_PERIOD_S = 2400;
const STEP_HOLD_S = [120, 360] as const;
const SPIKE_LENGTH_S = [10, 60] as const;
const SPIKE_GAP_S = [180, 480] as const;

const SOURCE = 'synthetic trace';

function check(o: SyntheticTraceOptions): number {
  const issues: { path: string; value: unknown; message: string }[] = [];
  if (!(SYNTHETIC_SHAPES as readonly string[]).includes(o.shape))
    issues.push({ path: 'shape', value: o.shape, message: `must be one of ${SYNTHETIC_SHAPES.join(', ')}` });
  if (!Number.isInteger(o.seconds) || o.seconds < 1 || o.seconds > MAX_SYNTHETIC_SECONDS)
    issues.push({ path: 'seconds', value: o.seconds, message: `whole seconds in [1, ${MAX_SYNTHETIC_SECONDS}] (a week at most)` });
  if (!Number.isFinite(o.baseRps) || o.baseRps < 0 || o.baseRps > MAX_SYNTHETIC_RPS)
    issues.push({ path: 'baseRps', value: o.baseRps, message: `a rate in [0, ${MAX_SYNTHETIC_RPS}] req/s` });
  if (!Number.isFinite(o.peakRps) || o.peakRps < o.baseRps || o.peakRps > MAX_SYNTHETIC_RPS)
    issues.push({ path: 'peakRps', value: o.peakRps, message: `a rate in [baseRps (${o.baseRps}), ${MAX_SYNTHETIC_RPS}] req/s` });
  const period = o.periodS ?? DEFAULT_PERIOD_S;
  if (!Number.isInteger(period) || period < 2) issues.push({ path: 'periodS', value: o.periodS, message: 'whole seconds ≥ 2' });
  if (!Number.isInteger(o.seed)) issues.push({ path: 'seed', value: o.seed, message: 'an integer' });
  if (issues.length > 0) throw new ConfigError(SOURCE, issues);
  return period;
}

const between = (rng: Rng, [lo, hi]: readonly [number, number]): number => lo + Math.floor(rng.next() * (hi - lo + 1));

/** The shape's arrival rate in every second (req/s, before the Poisson draw). Pure, seeded. */
export function syntheticRates(o: SyntheticTraceOptions): Float64Array {
  const period = check(o);
  const { seconds, baseRps: base, peakRps: peak } = o;
  const rates = new Float64Array(seconds);
  // The shape's draws use their own stream, so the arrivals' draws do not move the plateaus or the spikes.
  const rng = new Rng(o.seed).fork();
  if (o.shape === 'sine') {
    for (let t = 0; t < seconds; t++) rates[t] = base + ((peak - base) * (1 - Math.cos((2 * Math.PI * t) / period))) / 2;
  } else if (o.shape === 'ramp') {
    for (let t = 0; t < seconds; t++) {
      const phase = (t % period) / period;
      rates[t] = base + (peak - base) * (phase < 0.5 ? 2 * phase : 2 - 2 * phase);
    }
  } else if (o.shape === 'steps') {
    for (let t = 0; t < seconds;) {
      const level = base + rng.next() * (peak - base);
      const until = Math.min(seconds, t + between(rng, STEP_HOLD_S));
      for (; t < until; t++) rates[t] = level;
    }
  } else {
    rates.fill(base);
    for (let t = between(rng, SPIKE_GAP_S); t < seconds; t += between(rng, SPIKE_GAP_S)) {
      const until = Math.min(seconds, t + between(rng, SPIKE_LENGTH_S));
      for (; t < until; t++) rates[t] = peak;
    }
  }
  return rates;
}

/** From this rate a second's count is drawn from the normal approximation (skew 1/√λ ≤ 0.1), not one gap at a time. */
export const NORMAL_FROM_RPS = 100;

/** A standard normal draw (Box–Muller). */
function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next() * 0.9999999999)) * Math.cos(2 * Math.PI * rng.next());
}

/**
 * Requests per second of a Poisson process at the shape's rate (the rate held within each second):
 * what the simulator and `--trace-file` read. Below NORMAL_FROM_RPS each second is exponential gaps
 * counted; above it, a normal draw of mean and variance λ, rounded, so a week at 100,000 req/s takes
 * seconds, not hours. Pure, seeded.
 */
export function syntheticTrace(o: SyntheticTraceOptions): number[] {
  const rates = syntheticRates(o);
  const rng = new Rng(o.seed);
  const counts = new Array<number>(rates.length).fill(0);
  for (let s = 0; s < rates.length; s++) {
    const rate = rates[s]!;
    if (rate <= 0) continue;
    if (rate >= NORMAL_FROM_RPS) {
      counts[s] = Math.max(0, Math.round(rate + Math.sqrt(rate) * normal(rng)));
      continue;
    }
    let n = 0;
    for (let t = rng.exp() / rate; t < 1; t += rng.exp() / rate) n++;
    counts[s] = n;
  }
  return counts;
}
