import { z } from 'zod';
import { ConfigError } from '@infscale/core';
import {
  capacityFitSchema,
  capacityPointSchema,
  describesCapacity,
  INFADAPTER_PROFILES,
  infAdapterProfilesFromSection,
  loadInfAdapterProfiles,
  type InfAdapterVariantEntry,
} from '@infscale/profiles';
import { infAdapterVariantsFromProfiles } from './from-profiles';
import { infAdapterConfigSchema, infAdapterVariantSchema, withMethodDefaults, type InfAdapterVariantConfig } from './infadapter-config';

/** Bundled profiles a config's `profile` may name (packages/profiles owns the list). */
export { INFADAPTER_PROFILES };

const sectionVariantSchema = z
  .object({
    ...infAdapterVariantSchema.shape,
    accuracy: infAdapterVariantSchema.shape.accuracy.optional(),
    capacityRps: infAdapterVariantSchema.shape.capacityRps.optional(),
    // No default here: a profiled variant keeps the profile's load time.
    loadTimeS: infAdapterVariantSchema.shape.loadTimeS
      .removeDefault()
      .optional()
      .describe(infAdapterVariantSchema.shape.loadTimeS.description ?? ''),
    image: z
      .string()
      .min(1)
      .optional()
      .describe("Container image of the variant's deployments (the chart passes it to the actuator; the scaler does not read it)."),
    capacity: z
      .array(capacityPointSchema)
      .min(1)
      .optional()
      .describe(
        'Profiled points, as `infscale profile` writes them: the highest Poisson rate (capacityRps) whose p99 latency stays within sloMs at that many cores. The capacity table at the SLO comes from them (fit or table).',
      ),
    capacityFit: capacityFitSchema
      .optional()
      .describe("A linear capacity model at the SLO: slopeRpsPerCore · cores + interceptRps (the InfAdapter paper's fit)."),
  })
  .strict();

const { variants: _variants, ...scalerFields } = infAdapterConfigSchema.shape;

const sectionObject = z
  .object({
    ...scalerFields,
    profile: z.enum(INFADAPTER_PROFILES).optional().describe('A bundled profile: the accuracy, load time and capacity per core count of each variant named.'),
    capacity: z
      .enum(['fit', 'table'])
      .optional()
      .describe(
        "With a profile: fit, the paper's linear capacity model (what its optimizer used); table, the profiled capacities at the SLO " +
          "(the shape the improved method calibrates). Default: table for the improved method, fit for the paper's.",
      ),
    variants: z
      .array(sectionVariantSchema)
      .min(1, 'at least one variant is needed')
      .optional()
      .describe('The variants it may run: by name from the profile (every one of it when left out), or described in full (accuracy, capacityRps).'),
  })
  .strict();

/** A variant that brings its capacity as profiled points or a fit (not as the scaler's table). */
const describedByPoints = (v: { capacityRps?: unknown; capacity?: unknown; capacityFit?: unknown }): boolean =>
  v.capacityRps === undefined && (v.capacity !== undefined || v.capacityFit !== undefined);

/**
 * The section with each variant completed to what the scaler reads (accuracy, loadTimeS, capacityRps at
 * the SLO): a capacityRps table as written; profiled points or a fit through packages/profiles (what
 * `--profile-file` does in the CLI); a variant named alone from the bundled profile. Issues name the
 * variant and field.
 */
function withProfiledVariants(section: z.output<typeof sectionObject>, ctx: z.core.$RefinementCtx<z.output<typeof sectionObject>>): Record<string, unknown> {
  const { profile, capacity, variants, ...scaler } = section;
  const own = (variants ?? []).map(({ image: _image, ...variant }) => variant);
  const fit = capacity ?? (section.method === 'paper' ? 'fit' : 'table');
  const options = { capacity: fit, sloMs: section.slo.latencyMs, maxCores: section.budget.cores } as const;
  // The bundled profile only for variants named alone (its capacities are profiled at 750 ms only).
  const profiled =
    profile && (!variants || own.some((v) => !describesCapacity(v as InfAdapterVariantEntry)))
      ? infAdapterVariantsFromProfiles(loadInfAdapterProfiles(), options)
      : [];
  if (!variants) return profile ? { ...scaler, variants: profiled } : scaler;
  const described = own.flatMap((v, i) => (describedByPoints(v) ? [{ v, i }] : []));
  let fromPoints: InfAdapterVariantConfig[] = [];
  try {
    if (described.length > 0) {
      const model = {
        slo: section.slo,
        budget: section.budget,
        objective: section.objective,
        variants: described.map(({ v }) => ({ name: v.name, accuracy: v.accuracy, loadTimeS: v.loadTimeS, capacity: v.capacity, capacityFit: v.capacityFit })),
      };
      fromPoints = infAdapterVariantsFromProfiles(
        infAdapterProfilesFromSection(model, 'infadapter config', (k) => `variants.${described[k]!.i}`),
        options,
      );
    }
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const issue of err.issues)
      ctx.addIssue({ code: 'custom', path: issue.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), input: issue.value, message: issue.message });
    return { ...scaler, variants: own };
  }
  const completed = own.map((variant, i): Partial<InfAdapterVariantConfig> => {
    const { capacity: _points, capacityFit: _fit, ...written } = variant;
    const base = describedByPoints(variant) ? fromPoints.find((p) => p.name === variant.name) : profiled.find((p) => p.name === variant.name);
    if (profile && !base && variant.accuracy === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['variants', i, 'name'],
        input: variant.name,
        message: `not in profile ${profile} (${profiled.map((p) => p.name).join(', ')}); describe it (accuracy and capacity, capacityRps or capacityFit)`,
      });
    }
    // What the user wrote wins over what a profile says (e.g. an accuracy measured on their data).
    return { ...base, ...written };
  });
  return { ...scaler, variants: completed };
}

/**
 * InfAdapter's config as a user writes it (the chart's `infadapter:` section, `--scaler-config`):
 * the scaler's own fields, plus a bundled `profile` that completes variants given by name. The
 * result is checked as InfAdapter's config (infAdapterConfigSchema), so every rule applies once,
 * and comes out with its method's defaults (what parseInfAdapterConfig returns).
 */
export const infAdapterSectionSchema = sectionObject.transform(withProfiledVariants).pipe(infAdapterConfigSchema).transform(withMethodDefaults);
