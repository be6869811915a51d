import { infAdapterScenario, ipaScenario, spongeScenario, type ServiceDistribution, type SimConfig } from '@infscale/sim';
import { IPA_PIPELINES, loadBandwidthTrace, loadInfAdapterProfiles, loadIpaPipeline, loadLatencyFits, networkDelaysMs } from '@infscale/profiles';
import type { SimulationProfile } from '@infscale/scalers';
import { UsageError } from '../program';

export interface ScenarioFlags {
  profile: string;
  variant?: string;
  cores?: number;
  replicas?: number;
  batch?: number;
  seed: number;
  intervalS: number;
  distribution?: ServiceDistribution;
}

/** Turns --profile (infadapter | ipa:<pipeline> | sponge) and the allocation flags into a SimConfig. */
export function buildScenario(f: ScenarioFlags, arrivals: number[]): { config: SimConfig; family: SimulationProfile; detail?: string } {
  const [family, detail] = f.profile.split(':');
  const common = { arrivals, seed: f.seed, intervalS: f.intervalS, ...(f.distribution ? { distribution: f.distribution } : {}) };
  if (family === 'infadapter') {
    const profiles = loadInfAdapterProfiles();
    const variant = f.variant ?? 'resnet152';
    if (!profiles.variants.some((v) => v.name === variant)) {
      throw new UsageError(`--variant must be one of ${profiles.variants.map((v) => v.name).join(', ')} for --profile infadapter, got "${variant}"`);
    }
    return { family, config: infAdapterScenario({ profiles, start: [{ variant, cores: f.cores ?? 20, replicas: f.replicas ?? 1 }], ...common }) };
  }
  if (family === 'ipa') {
    const name = detail ?? 'video';
    if (!(IPA_PIPELINES as readonly string[]).includes(name)) throw new UsageError(`--profile ipa:<pipeline> needs one of ${IPA_PIPELINES.join(', ')}, got "${name}"`);
    const pipeline = loadIpaPipeline(name);
    const start = Object.fromEntries(pipeline.stages.map((s) => [s.name, { replicas: f.replicas ?? 1, batch: f.batch ?? 1 }]));
    return { family, detail: name, config: ipaScenario({ pipeline, start, ...common }) };
  }
  if (family === 'sponge') {
    const fit = loadLatencyFits()[0];
    return { family, config: spongeScenario({ model: fit, networkDelayMs: networkDelaysMs(loadBandwidthTrace()), start: { cores: f.cores ?? 1, batch: f.batch ?? 1, replicas: f.replicas ?? 1 }, ...common }) };
  }
  throw new UsageError(`--profile must be infadapter, ipa:<pipeline> or sponge, got "${f.profile}"`);
}
