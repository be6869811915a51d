import { findWindow, loadTwitterTrace, traceWindow } from '@infscale/profiles';
import { Rng } from '@infscale/sim';
import { ConfigError } from '@infscale/core';
import { namedList, unknownNamesMessage } from '../named-list';

export const SPONGE_WORKLOADS = ['constant-10', 'constant-20', 'twitter'] as const;
export type SpongeWorkload = (typeof SPONGE_WORKLOADS)[number];

/** The Twitter window: IPA's bursty 20 minutes, damped by 8 (3–34 req/s, mean 12): the paper's order of load. */
export const SPONGE_TWITTER_WINDOW = 'bursty';

export interface Workload {
  /** A bundled workload, or the file name of a user's trace. */
  name: SpongeWorkload | string;
  description: string;
  /** Requests arriving in each second. */
  arrivals: number[];
}

/**
 * Requests per second of a Poisson process: exponential gaps of mean 1/rate, counted per second.
 * The simulator places each second's requests as uniform order statistics, which is exactly a Poisson
 * process given its counts, so the run sees exponential gaps throughout.
 */
export function poissonArrivals(rateRps: number, seconds: number, seed: number): number[] {
  const rng = new Rng(seed);
  const counts = new Array<number>(seconds).fill(0);
  for (let t = rng.exp() / rateRps; t < seconds; t += rng.exp() / rateRps) counts[Math.floor(t)]! += 1;
  return counts;
}

/** Resolves --workload (default constant-20; a comma-separated list; "all" = every workload) to seeded arrivals. */
export function spongeWorkloads(flag: string | undefined, seed: number, durationS?: number): Workload[] {
  const { names, unknown } = namedList(flag ?? 'constant-20', SPONGE_WORKLOADS);
  if (unknown.length > 0)
    throw new ConfigError('compare --scenario sponge', [{ path: '--workload', value: flag, message: unknownNamesMessage(unknown, SPONGE_WORKLOADS) }]);
  return names.map((name) => {
    if (name === 'constant-10' || name === 'constant-20') {
      const rate = name === 'constant-10' ? 10 : 20;
      const seconds = durationS ?? 600;
      return { name, description: `${rate} req/s with exponential gaps for ${seconds} s (seed ${seed})`, arrivals: poissonArrivals(rate, seconds, seed) };
    }
    if (name === 'twitter') {
      const window = findWindow(SPONGE_TWITTER_WINDOW);
      const all = traceWindow(loadTwitterTrace(), window);
      return { name, description: `Twitter trace: ${window.description}`, arrivals: durationS === undefined ? all : all.slice(0, durationS) };
    }
    throw new Error(`workload ${name}: known but not built`);
  });
}
