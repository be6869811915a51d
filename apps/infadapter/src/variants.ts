import { ConfigError, parseConfig, type ConfigIssue } from '@infscale/core';
import { describesCapacity, infAdapterModelSchema, infAdapterProfilesFromSection, loadInfAdapterProfiles } from '@infscale/profiles';
import { infAdapterVariantsFromProfiles, type InfAdapterVariantConfig } from '@infscale/scalers';

/**
 * The scaler's config from the chart's section: the app's own keys (profile, capacity) out, every
 * variant completed to what the scaler reads (accuracy, loadTimeS, capacityRps at the SLO). A variant
 * with a capacityRps table passes as written; one described by profiled points (what `infscale
 * profile` writes) or a linear fit gets its table from them, as `--profile-file` does in the CLI
 * (packages/profiles); a named one comes from the bundled profile. Everything else is the scaler's,
 * validated by packages/scalers.
 */
export function withProfiledVariants(section: Record<string, unknown>): Record<string, unknown> {
  const keys = parseConfig(infAdapterModelSchema, section, 'infadapter config');
  const { profile: _profile, capacity: _capacity, ...scalerSection } = section;
  const options = { capacity: keys.capacity ?? 'fit', sloMs: keys.slo?.latencyMs, maxCores: keys.budget?.cores } as const;
  // The bundled profile only when a variant is named without its own capacity (its fit is at 750 ms only).
  const bundled = keys.profile && keys.variants.some((v) => !describesCapacity(v)) ? infAdapterVariantsFromProfiles(loadInfAdapterProfiles(), options) : [];
  const described = keys.variants.flatMap((v, i) => (v.capacityRps === undefined && describesCapacity(v) ? [{ v, i }] : []));
  const own = described.length === 0 ? [] : infAdapterVariantsFromProfiles(infAdapterProfilesFromSection({ ...keys, variants: described.map((d) => d.v) }, 'infadapter config', (k) => `variants.${described[k]!.i}`), options);
  const issues: ConfigIssue[] = [];
  const variants = keys.variants.map((variant, i) => {
    const { image: _image, capacity: _points, capacityFit: _fit, ...written } = variant;
    const base = describesCapacity(variant) ? own.find((t) => t.name === variant.name) : bundled.find((t) => t.name === variant.name);
    // Without a profile the scaler's schema names what such a variant lacks.
    if (keys.profile && !describesCapacity(variant) && !base && variant.accuracy === undefined) {
      issues.push({ path: `variants.${i}.name`, value: variant.name, message: `not in profile ${keys.profile} (${bundled.map((p) => p.name).join(', ')}); describe it (accuracy and capacity, capacityRps or capacityFit)` });
    }
    // What the user wrote wins over what a profile says (e.g. an accuracy measured on their data).
    return { ...base, ...written } as Partial<InfAdapterVariantConfig>;
  });
  if (issues.length > 0) throw new ConfigError('infadapter config', issues);
  return { ...scalerSection, variants };
}
