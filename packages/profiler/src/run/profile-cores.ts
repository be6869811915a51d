import { nextStep, type SearchSettings, type SearchStep } from '../search/capacity-search';
import type { ProbeLength } from '../search/measurement';
import { measurementOf, quantileWithFailures, type LatencySample } from '../probe/latency-sample';
import type { StoredPoint } from './points-csv';

/** The answer for one SLO at one core count. */
export type CapacityAnswer = Extract<SearchStep, { kind: 'done' }> & { sloMs: number; cores: number };

/** What the run reports as it goes (the CLI draws its progress bar from it). */
export type ProfileEvent =
  | { kind: 'probe'; cores: number; sloMs: number; probe: number; rateRps: number; phase: StoredPoint['phase']; durationS: number; warmupS: number }
  | { kind: 'measured'; cores: number; probe: number; rateRps: number; quantileMs: number; requests: number; failed: number }
  | { kind: 'done'; answer: CapacityAnswer }
  | { kind: 'unsettled'; cores: number; afterProbe: number };

/** The I/O a run needs: sending a probe and waiting for the server to drain; injected so the loop is testable. */
export interface ProfileIo {
  probe(rateRps: number, length: ProbeLength, seed: number): Promise<LatencySample>;
  /** Waits until the server answers as if idle; false when it did not within its time. */
  settle(): Promise<boolean>;
  now(): Date;
}

export interface ProfileCoresOptions {
  variant: string;
  cores: number;
  /** Every SLO asked for (ms); each gets its own search, every probe feeds them all. */
  slosMs: readonly number[];
  search: Omit<SearchSettings, 'sloMs'>;
  /** Points measured before (the points CSV): a rerun goes on from them. */
  known: readonly StoredPoint[];
  /** Called with each probe's rows (one per SLO) as soon as it is measured: append them to the CSV. */
  record(points: StoredPoint[]): void;
  onEvent?(event: ProfileEvent): void;
  /** Seed of the first probe's arrivals; each probe adds its number. */
  seed: number;
}

/**
 * Profiles one core count at every SLO: runs each SLO's search (nextStep) in turn, sending the
 * probe the first unfinished one asks for and judging it against every SLO. Points already known
 * for this variant, core count, SLO and quantile count as measured, so a rerun skips them.
 */
export async function profileCores(o: ProfileCoresOptions, io: ProfileIo): Promise<CapacityAnswer[]> {
  const q = o.search.quantile;
  const mine = (p: StoredPoint) => p.variant === o.variant && p.cores === o.cores && p.quantile === q;
  const points = o.known.filter(mine);
  let probeNumber = points.reduce((n, p) => Math.max(n, p.probe), 0);
  const slos = [...new Set(o.slosMs)].sort((a, b) => a - b);
  const reported = new Set<number>();
  for (;;) {
    let pending: { sloMs: number; step: Extract<SearchStep, { kind: 'probe' }> } | undefined;
    const answers: CapacityAnswer[] = [];
    for (const sloMs of slos) {
      const step = nextStep(
        { ...o.search, sloMs },
        points.filter((p) => p.sloMs === sloMs),
      );
      if (step.kind === 'probe') {
        pending ??= { sloMs, step };
        continue;
      }
      const answer = { ...step, sloMs, cores: o.cores };
      answers.push(answer);
      if (!reported.has(sloMs)) {
        reported.add(sloMs);
        o.onEvent?.({ kind: 'done', answer });
      }
    }
    if (!pending) return answers;
    const { step } = pending;
    probeNumber++;
    const time = io.now().toISOString();
    o.onEvent?.({
      kind: 'probe',
      cores: o.cores,
      sloMs: pending.sloMs,
      probe: probeNumber,
      rateRps: step.rateRps,
      phase: step.phase,
      durationS: step.durationS,
      warmupS: step.warmupS,
    });
    const sample = await io.probe(step.rateRps, { durationS: step.durationS, warmupS: step.warmupS }, o.seed + probeNumber);
    const rows: StoredPoint[] = slos.map((sloMs) => ({
      ...measurementOf(sample, sloMs, q),
      variant: o.variant,
      cores: o.cores,
      sloMs,
      quantile: q,
      probe: probeNumber,
      phase: step.phase,
      time,
    }));
    points.push(...rows);
    o.record(rows);
    const worst = quantileWithFailures(sample, q);
    o.onEvent?.({
      kind: 'measured',
      cores: o.cores,
      probe: probeNumber,
      rateRps: step.rateRps,
      quantileMs: worst,
      requests: sample.requests,
      failed: sample.failed,
    });
    // Over the largest SLO the server built a queue: let it drain before the next probe.
    if (!(worst <= slos[slos.length - 1]!) && !(await io.settle())) o.onEvent?.({ kind: 'unsettled', cores: o.cores, afterProbe: probeNumber });
  }
}
