import { infAdapterScenario, ipaScenario, spongeScenario, type ServiceDistribution, type SimConfig } from '@infscale/sim';
import { IPA_PIPELINES, loadBandwidthTrace, loadInfAdapterProfiles, loadIpaPipeline, loadLatencyFits, networkDelaysMs } from '@infscale/profiles';
import type { SimulationProfile } from '@infscale/scalers';
import type { UserProfile } from '@infscale/experiments';
import { UsageError } from '../program';
import { profileOf } from './profile-file';

export interface ScenarioFlags {
  profile: string;
  variant?: string;
  cores?: number;
  replicas?: number;
  batch?: number;
  seed: number;
  intervalS: number;
  distribution?: ServiceDistribution;
  /** --profile-file: the user's variants (infadapter) or latency model (sponge) instead of the papers'. */
  own?: UserProfile;
}

/** Turns --profile (infadapter | ipa:<pipeline> | sponge) and the allocation flags into a SimConfig. */
export function buildScenario(f: ScenarioFlags, arrivals: number[]): { config: SimConfig; family: SimulationProfile; detail?: string } {
  const [family, detail] = f.profile.split(':');
  const common = { arrivals, seed: f.seed, intervalS: f.intervalS, ...(f.distribution ? { distribution: f.distribution } : {}) };
  if (family === 'infadapter') {
    const profiles = profileOf(f.own, 'infadapter', 'simulate --profile infadapter') ?? loadInfAdapterProfiles();
    const variant = f.variant ?? [...profiles.variants].sort((a, b) => b.accuracy - a.accuracy)[0]!.name;
    if (!profiles.variants.some((v) => v.name === variant)) {
      throw new UsageError(`--variant must be one of ${profiles.variants.map((v) => v.name).join(', ')} for --profile infadapter, got "${variant}"`);
    }
    return {
      family,
      config: infAdapterScenario({ profiles, start: [{ variant, cores: f.cores ?? profiles.settings.maxCores, replicas: f.replicas ?? 1 }], ...common }),
    };
  }
  if (family === 'ipa') {
    if (f.own) profileOf(f.own, 'infadapter', 'simulate --profile ipa');
    const name = detail ?? 'video';
    if (!(IPA_PIPELINES as readonly string[]).includes(name))
      throw new UsageError(`--profile ipa:<pipeline> needs one of ${IPA_PIPELINES.join(', ')}, got "${name}"`);
    const pipeline = loadIpaPipeline(name);
    const start = Object.fromEntries(pipeline.stages.map((s) => [s.name, { replicas: f.replicas ?? 1, batch: f.batch ?? 1 }]));
    return { family, detail: name, config: ipaScenario({ pipeline, start, ...common }) };
  }
  if (family === 'sponge') {
    const own = profileOf(f.own, 'sponge', 'simulate --profile sponge');
    const model = own?.model ?? loadLatencyFits()[0]!;
    return {
      family,
      config: spongeScenario({
        model,
        ...(own?.sloMs !== undefined ? { sloMs: own.sloMs } : {}),
        networkDelayMs: networkDelaysMs(loadBandwidthTrace()),
        start: { cores: f.cores ?? 1, batch: f.batch ?? 1, replicas: f.replicas ?? 1 },
        ...common,
      }),
    };
  }
  throw new UsageError(`--profile must be infadapter, ipa:<pipeline> or sponge, got "${f.profile}"`);
}
