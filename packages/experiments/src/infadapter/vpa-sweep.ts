import { INFADAPTER_PAPER_VPA, scalerRegistry } from '@infscale/scalers';
import type { ComparisonRow } from '../scenario';
import { paperVpa, VARIANTS, type InfAdapterSystem } from './systems';

/**
 * The knobs users turn on a VPA, swept per variant around the paper's VPA baseline (OffApplied:
 * safety margin 0.15, target percentile 0.9, minAllowed 2): recommender safety margin × target
 * percentile × minAllowed cores. minAllowed 20 = maxAllowed pins the pod at 20 cores whatever the
 * other two knobs say, so it is run once per variant.
 */
export const VPA_SWEEP = {
  safetyMargins: [0.15, 0.5, 1, 2],
  targetPercentiles: [0.9, 0.95, 0.99],
  minAllowedCores: [2, 6, 12, 20],
} as const;

/** The paper's OffApplied row of a variant is the sweep's (0.15, 0.9, 2) point. */
export const offAppliedName = (variant: string): string => `vpa-${variant}-OffApplied`;

export interface SweepPoint {
  variant: string;
  safetyMargin: number;
  targetPercentile: number;
  minCores: number;
}

export function sweepName(p: SweepPoint, maxCores: number = INFADAPTER_PAPER_VPA.maxCores): string {
  if (p.minCores >= maxCores) return `${offAppliedName(p.variant)}-min${p.minCores}`;
  return `${offAppliedName(p.variant)}-m${p.safetyMargin}-p${p.targetPercentile}-min${p.minCores}`;
}

/**
 * Every sweep point but the paper's own (its run is the OffApplied row), one per distinct run. Within
 * another budget than 20 cores, minAllowed values past it become the budget (the pinned run).
 */
export function vpaSweepPoints(variants: readonly string[] = VARIANTS, maxCores: number = INFADAPTER_PAPER_VPA.maxCores): SweepPoint[] {
  const out: SweepPoint[] = [];
  const minAllowed = [...new Set(VPA_SWEEP.minAllowedCores.map((m) => Math.min(m, maxCores)))];
  for (const variant of variants) {
    for (const minCores of minAllowed) {
      if (minCores >= maxCores) {
        out.push({ variant, safetyMargin: VPA_SWEEP.safetyMargins[0], targetPercentile: VPA_SWEEP.targetPercentiles[0], minCores });
        continue;
      }
      for (const safetyMargin of VPA_SWEEP.safetyMargins) {
        for (const targetPercentile of VPA_SWEEP.targetPercentiles) {
          const paper = safetyMargin === 0.15 && targetPercentile === 0.9 && minCores === INFADAPTER_PAPER_VPA.minCores;
          if (!paper) out.push({ variant, safetyMargin, targetPercentile, minCores });
        }
      }
    }
  }
  return out;
}

/** The sweep as systems: the paper's VPA setup with the point's knobs, starting with the whole budget (20 cores), rolled out. */
export function vpaSweepSystems(points: readonly SweepPoint[], maxCores: number = INFADAPTER_PAPER_VPA.maxCores): InfAdapterSystem[] {
  const vpa = scalerRegistry.get('vpa');
  return points.map((p) => ({
    name: sweepName(p, maxCores),
    scaler: vpa.create({ ...paperVpa(maxCores), safetyMarginFraction: p.safetyMargin, targetPercentile: p.targetPercentile, minCores: p.minCores }),
    start: [{ variant: p.variant, cores: maxCores, replicas: 1 }],
    actuator: { restartStrategy: 'surge' },
  }));
}

/**
 * The violations-vs-core-seconds curve of one variant's runs: those no other run beats on both
 * (fewer or equal violations and core-seconds, one strictly). Of runs that tie on both, the first.
 */
export function onCurve(rows: readonly ComparisonRow[]): Set<string> {
  const out = new Set<string>();
  rows.forEach((r, i) => {
    const beaten = rows.some((o, j) => {
      if (o === r || o.sloViolationPct > r.sloViolationPct || o.coreSeconds > r.coreSeconds) return false;
      return o.sloViolationPct < r.sloViolationPct || o.coreSeconds < r.coreSeconds || j < i;
    });
    if (!beaten) out.add(r.system);
  });
  return out;
}
