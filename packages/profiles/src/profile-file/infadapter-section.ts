import { z } from 'zod';
import { ConfigError, type CapacityPoint, type ConfigIssue, type Variant } from '@infscale/core';
import { loadInfAdapterProfiles, type CapacityFit, type InfAdapterProfiles } from '../infadapter';
import { fitCapacity, usedIntercept } from './capacity-fit';

/** Bundled profiles a section's `profile` may name (variants then need only their names). */
export const INFADAPTER_PROFILES = ['infadapter-resnet'] as const;

/** One profiled point: the highest Poisson rate whose latency quantile stays within the SLO. */
export const capacityPointSchema = z
  .object({
    cores: z.number().int().min(1).max(1024).describe('Cores of the pod the point was profiled at.'),
    sloMs: z.number().positive().describe('The latency SLO of the point, ms (its p99 stayed within it).'),
    capacityRps: z.number().nonnegative().describe('The highest Poisson rate, req/s, whose p99 latency stayed within sloMs.'),
  })
  .strict();

/** capacity = slope · cores + intercept at the section's SLO, as the InfAdapter paper fitted it. */
export const capacityFitSchema = z
  .object({
    slopeRpsPerCore: z.number().positive().describe('Capacity added by each core, req/s.'),
    interceptRps: z.number().describe("Capacity at zero cores, req/s (the fit's intercept; usually negative)."),
  })
  .strict();

/**
 * A variant of the chart's `infadapter.variants`: a name (and image), completed from a bundled
 * profile, or described: accuracy, load time and its capacity as a table at the SLO (capacityRps,
 * entry i = i + 1 cores), as profiled points per cores × SLO (capacity, what `infscale profile`
 * writes) or as a linear fit (capacityFit).
 */
export const infAdapterVariantSchema = z
  .object({
    name: z.string().min(1),
    image: z.string().min(1).optional(),
    deployment: z.string().min(1).optional(),
    accuracy: z.number().finite().optional(),
    loadTimeS: z.number().nonnegative().optional(),
    capacityRps: z.array(z.number().int().nonnegative().nullable()).min(1).optional(),
    capacity: z.array(capacityPointSchema).min(1).optional(),
    capacityFit: capacityFitSchema.optional(),
  })
  .strict();

/** The keys of an `infadapter` section that describe the model; the scaler's own keys pass through. */
export const infAdapterModelSchema = z.looseObject({
  profile: z.enum(INFADAPTER_PROFILES).nullish(),
  /** fit: the linear model × 0.8 (what the paper's optimizer used); table: the profiled capacities at the SLO. */
  capacity: z.enum(['fit', 'table']).optional(),
  slo: z.looseObject({ latencyMs: z.number().positive().optional() }).optional(),
  budget: z.looseObject({ cores: z.number().int().positive().optional() }).optional(),
  objective: z.looseObject({ alpha: z.number().nonnegative().optional(), beta: z.number().nonnegative().optional() }).optional(),
  variants: z.array(infAdapterVariantSchema).min(1, 'at least one variant is needed'),
});
export type InfAdapterModelSection = z.output<typeof infAdapterModelSchema>;
export type InfAdapterVariantEntry = z.output<typeof infAdapterVariantSchema>;

/** True when the entry carries its own capacity (then it is taken as described, not from a bundled profile). */
export function describesCapacity(v: InfAdapterVariantEntry): boolean {
  return v.capacityRps !== undefined || v.capacity !== undefined || v.capacityFit !== undefined;
}

const DEFAULT_SLO_MS = 750;

/**
 * The section as the profiles the solver, the simulator and the comparisons read: described variants
 * as given (a capacityRps table becomes points at the SLO; the fit is capacityFit, else the least
 * squares of the points at the SLO), named ones from the bundled profile; settings are the paper's
 * unless the section sets the SLO, the budget or the objective. Errors name the field (`at` gives the
 * path of the i-th variant, "infadapter.variants.<i>" by default).
 */
export function infAdapterProfilesFromSection(
  section: InfAdapterModelSection,
  source: string,
  at: (i: number) => string = (i) => `infadapter.variants.${i}`,
): InfAdapterProfiles {
  const paper = loadInfAdapterProfiles();
  const sloMs = section.slo?.latencyMs ?? DEFAULT_SLO_MS;
  const issues: ConfigIssue[] = [];
  const variants: Variant[] = [];
  const fits: Record<string, CapacityFit> = {};
  section.variants.forEach((entry, i) => {
    const here = at(i);
    if (!describesCapacity(entry)) {
      const bundled = section.profile ? paper.variants.find((v) => v.name === entry.name) : undefined;
      if (!bundled) {
        issues.push({
          path: `${here}.name`,
          value: entry.name,
          message: section.profile
            ? `not in profile ${section.profile} (${paper.variants.map((v) => v.name).join(', ')}); describe it (accuracy and capacity, capacityRps or capacityFit)`
            : 'describe it: accuracy and capacity (points), capacityRps (a table at the SLO) or capacityFit; or name a bundled profile',
        });
        return;
      }
      variants.push({
        ...bundled,
        ...(entry.accuracy !== undefined ? { accuracy: entry.accuracy } : {}),
        ...(entry.loadTimeS !== undefined ? { loadTimeS: entry.loadTimeS } : {}),
      });
      fits[entry.name] = paper.fits[entry.name]!;
      return;
    }
    if (entry.accuracy === undefined)
      issues.push({ path: `${here}.accuracy`, value: undefined, message: 'a described variant needs its accuracy (e.g. top-1 as a fraction)' });
    const points: CapacityPoint[] = entry.capacity
      ? entry.capacity.map((p) => ({ cores: p.cores, sloMs: p.sloMs, capacityRps: p.capacityRps }))
      : (entry.capacityRps ?? []).flatMap((c, k) => (c === null ? [] : [{ cores: k + 1, sloMs, capacityRps: c }]));
    const fit = entry.capacityFit
      ? { ...entry.capacityFit, interceptUsedRps: usedIntercept(entry.capacityFit.interceptRps) }
      : fitCapacity(points.filter((p) => p.sloMs === sloMs));
    if (!fit) {
      const slos = [...new Set(points.map((p) => p.sloMs))].sort((a, b) => a - b);
      issues.push({
        path: `${here}.capacity`,
        value: slos,
        message: `no capacity that grows with cores at the SLO ${sloMs} ms to fit (profiled SLOs: ${slos.join(', ') || 'none'}); profile at ${sloMs} ms, set slo.latencyMs to a profiled SLO, or give capacityFit`,
      });
      return;
    }
    if (points.length === 0) {
      // A fit alone: its capacities at the SLO, for the simulator's servers and the profiled table.
      for (let cores = 1; cores <= (section.budget?.cores ?? paper.settings.maxCores); cores++)
        points.push({ cores, sloMs, capacityRps: Math.max(0, fit.slopeRpsPerCore * cores + fit.interceptRps) });
    }
    points.sort((a, b) => a.sloMs - b.sloMs || a.cores - b.cores);
    variants.push({ name: entry.name, task: 'user', accuracy: entry.accuracy ?? 0, loadTimeS: entry.loadTimeS ?? 0, points: [], capacity: points });
    fits[entry.name] = fit;
  });
  const names = new Set<string>();
  section.variants.forEach((v, i) => {
    if (names.has(v.name)) issues.push({ path: `${at(i)}.name`, value: v.name, message: 'appears twice' });
    names.add(v.name);
  });
  if (issues.length > 0) throw new ConfigError(source, issues);
  return {
    variants: variants.sort((a, b) => a.accuracy - b.accuracy),
    fits,
    capacityCoefficient: paper.capacityCoefficient,
    settings: {
      ...paper.settings,
      sloMs,
      maxCores: section.budget?.cores ?? paper.settings.maxCores,
      alpha: section.objective?.alpha ?? paper.settings.alpha,
      beta: section.objective?.beta ?? paper.settings.beta,
    },
  };
}
