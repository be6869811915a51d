import { ConfigError, parseConfig, type ConfigIssue } from '@infscale/core';
import { loadInfAdapterProfiles } from '@infscale/profiles';
import { infAdapterVariantsFromProfiles, type InfAdapterVariantConfig } from '@infscale/scalers';
import { z } from 'zod';

/** Bundled profiles a chart's `infadapter.profile` may name. */
export const INFADAPTER_PROFILES = ['infadapter-resnet'] as const;

/**
 * The app's own keys of the `scaler` section: the chart lists variants by name (and image), the
 * bundled profile supplies accuracy, load time and capacity per core count. Everything else is the
 * scaler's, validated by packages/scalers.
 */
const appKeysSchema = z
  .object({
    profile: z.enum(INFADAPTER_PROFILES).optional(),
    /**
     * fit: the paper's linear capacity model (what its optimizer used); table: profiled capacities at the SLO.
     * Default: table for the improved method (the shape its calibrated model scales), fit for the paper's.
     */
    capacity: z.enum(['fit', 'table']).optional(),
    method: z.enum(['paper', 'improved']).optional(),
    slo: z.looseObject({ latencyMs: z.number().positive().optional() }).optional(),
    budget: z.looseObject({ cores: z.number().int().positive().optional() }).optional(),
    variants: z.array(z.looseObject({ name: z.string().min(1) })).min(1, 'at least one variant is needed'),
  })
  .loose();

/** The scaler's config: the section with each named variant completed from the profile. */
export function withProfiledVariants(section: Record<string, unknown>): Record<string, unknown> {
  const keys = parseConfig(appKeysSchema, section, 'infadapter config');
  const { profile: _profile, capacity: _capacity, ...scalerSection } = section;
  if (!keys.profile) return scalerSection; // every variant must then carry accuracy and capacityRps itself
  const capacity = keys.capacity ?? (keys.method === 'paper' ? 'fit' : 'table');
  const profiled = infAdapterVariantsFromProfiles(loadInfAdapterProfiles(), { capacity, sloMs: keys.slo?.latencyMs, maxCores: keys.budget?.cores });
  const issues: ConfigIssue[] = [];
  const variants = keys.variants.map((variant, i) => {
    const base = profiled.find((p) => p.name === variant.name);
    if (!base && variant.accuracy === undefined) {
      issues.push({ path: `variants.${i}.name`, value: variant.name, message: `not in profile ${keys.profile} (${profiled.map((p) => p.name).join(', ')}); describe it (accuracy, capacityRps)` });
    }
    const { image: _image, ...own } = variant;
    return { ...base, ...own } as Partial<InfAdapterVariantConfig>;
  });
  if (issues.length > 0) throw new ConfigError('infadapter config', issues);
  return { ...scalerSection, variants };
}
