import { z } from 'zod';
import { loadInfAdapterProfiles } from '@infscale/profiles';
import { infAdapterVariantsFromProfiles } from './from-profiles';
import { infAdapterConfigSchema, infAdapterVariantSchema, withMethodDefaults, type InfAdapterVariantConfig } from './infadapter-config';

/** Bundled profiles a config's `profile` may name. */
export const INFADAPTER_PROFILES = ['infadapter-resnet'] as const;

const sectionVariantSchema = z
  .object({
    ...infAdapterVariantSchema.shape,
    accuracy: infAdapterVariantSchema.shape.accuracy.optional(),
    capacityRps: infAdapterVariantSchema.shape.capacityRps.optional(),
    // No default here: a profiled variant keeps the profile's load time.
    loadTimeS: infAdapterVariantSchema.shape.loadTimeS.removeDefault().optional().describe(infAdapterVariantSchema.shape.loadTimeS.description ?? ''),
    image: z.string().min(1).optional().describe("Container image of the variant's deployments (the chart passes it to the actuator; the scaler does not read it)."),
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
          '(the shape the improved method calibrates). Default: table for the improved method, fit for the paper\'s.',
      ),
    variants: z
      .array(sectionVariantSchema)
      .min(1, 'at least one variant is needed')
      .optional()
      .describe('The variants it may run: by name from the profile (every one of it when left out), or described in full (accuracy, capacityRps).'),
  })
  .strict();

/** The section with each named variant completed from the profile; issues name the variant that is neither. */
function withProfiledVariants(section: z.output<typeof sectionObject>, ctx: z.core.$RefinementCtx<z.output<typeof sectionObject>>): Record<string, unknown> {
  const { profile, capacity, variants, ...scaler } = section;
  const own = (variants ?? []).map(({ image: _image, ...variant }) => variant);
  if (!profile) return { ...scaler, ...(variants ? { variants: own } : {}) };
  const fit = capacity ?? (section.method === 'paper' ? 'fit' : 'table');
  const profiled = infAdapterVariantsFromProfiles(loadInfAdapterProfiles(), { capacity: fit, sloMs: section.slo.latencyMs, maxCores: section.budget.cores });
  if (!variants) return { ...scaler, variants: profiled };
  const completed = own.map((variant, i): Partial<InfAdapterVariantConfig> => {
    const base = profiled.find((p) => p.name === variant.name);
    if (!base && variant.accuracy === undefined) {
      ctx.addIssue({ code: 'custom', path: ['variants', i, 'name'], input: variant.name, message: `not in profile ${profile} (${profiled.map((p) => p.name).join(', ')}); describe it (accuracy, capacityRps)` });
    }
    return { ...base, ...variant };
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
