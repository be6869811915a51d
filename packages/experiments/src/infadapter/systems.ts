import type { Forecaster, Scaler } from '@infscale/core';
import { OracleForecaster, type ForecastModel } from '@infscale/forecasting';
import type { InfAdapterProfiles } from '@infscale/profiles';
import {
  buildProblem, createHpaScaler, createInfAdapterScaler, createMsPlusScaler, createVpaScaler, infAdapterForecaster,
  infAdapterVariantsFromProfiles, INFADAPTER_PAPER_VPA, parseInfAdapterConfig, solveMsPlus, type InfAdapterConfig,
} from '@infscale/scalers';
import type { SimActuatorOptions } from '@infscale/sim';

/** One contestant of the comparison: a scaler, its forecaster, how it starts and how its plans are applied. */
export interface InfAdapterSystem {
  name: string;
  scaler: Scaler<unknown>;
  forecaster?: Forecaster;
  /** Starting deployments (all systems start with 20 cores, as in the paper). */
  start: { variant: string; cores: number; replicas: number }[];
  actuator: SimActuatorOptions;
}

export const VARIANTS = ['resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152'] as const;
/** Stock updater modes, plus the paper's setup: Off mode with the target applied by an adapter (a rollout). */
export const VPA_MODES = ['InPlaceOrRecreate', 'Recreate', 'OffApplied'] as const;
/** HPA pods: a fixed size, replicas up to the same 20-core budget. */
export const HPA_POD_CORES = 4;

/**
 * The paper's settings for InfAdapter and MS+ (capacity: the linear fit at the SLO × 0.8); the SLO,
 * budget and weights are the profiles' (the paper's 750 ms, 20 cores, α 0.05, β 0.001, or a user's profile file's).
 */
export function paperInfAdapterConfig(profiles: InfAdapterProfiles, upscaleCheck: 'on' | 'off' = 'on'): InfAdapterConfig {
  const { sloMs, maxCores, alpha, beta } = profiles.settings;
  return parseInfAdapterConfig({
    variants: infAdapterVariantsFromProfiles(profiles),
    slo: { latencyMs: sloMs },
    budget: { cores: maxCores },
    objective: { alpha, beta },
    resourcePolicy: { minCores: Math.min(2, maxCores), maxCores },
    ...(upscaleCheck === 'off' ? { upscaleCheck: 'off' } : {}),
  });
}

/** The profiles' variants, least accurate first (the paper's ResNet18 … ResNet152). */
export function variantNames(profiles: InfAdapterProfiles): string[] {
  return [...profiles.variants].sort((a, b) => a.accuracy - b.accuracy).map((v) => v.name);
}

/**
 * "HPA on the best single variant": the variant MS+'s program picks for the window's mean load, so
 * the choice is made by the same objective and not by looking at results.
 */
export function bestSingleVariant(config: InfAdapterConfig, meanLoadRps: number): string {
  const empty = { deployments: [], routing: [] };
  const result = solveMsPlus(buildProblem(config, empty, Math.max(1, Math.ceil(meanLoadRps))));
  const leastAccurate = [...config.variants].sort((a, b) => a.accuracy - b.accuracy)[0]!.name;
  return result.status === 'optimal' ? (result.decision.allocations[0]?.variant ?? leastAccurate) : leastAccurate;
}

export interface SystemOptions {
  profiles: InfAdapterProfiles;
  arrivals: ArrayLike<number>;
  /** The shipped LSTM; without it InfAdapter and MS+ forecast with EWMA throughout. */
  model?: ForecastModel;
  /** Only these systems (by name), e.g. in a quick test. */
  only?: readonly string[];
  /** 'off': InfAdapter, MS+ and the oracle decide only every interval (the paper's loop). */
  upscaleCheck?: 'on' | 'off';
}

/** The paper's VPA baseline (whole cores in [2, 20]) within another budget. */
export function paperVpa(budget: number): typeof INFADAPTER_PAPER_VPA | (Omit<typeof INFADAPTER_PAPER_VPA, 'minCores' | 'maxCores'> & { minCores: number; maxCores: number }) {
  return budget === INFADAPTER_PAPER_VPA.maxCores ? INFADAPTER_PAPER_VPA : { ...INFADAPTER_PAPER_VPA, minCores: Math.min(INFADAPTER_PAPER_VPA.minCores, budget), maxCores: budget };
}

/** Every system of the paper's comparison, in table order. */
export function infAdapterSystems(o: SystemOptions): InfAdapterSystem[] {
  const config = paperInfAdapterConfig(o.profiles, o.upscaleCheck);
  const names = variantNames(o.profiles);
  const budget = o.profiles.settings.maxCores;
  // The paper's start: the most accurate variant with the whole budget (ResNet152 at 20 cores).
  const paperStart = [{ variant: names[names.length - 1]!, cores: budget, replicas: 1 }];
  // A make-before-break rollout: a changed variant gets a new pod before the old one goes (the paper).
  const rollout: SimActuatorOptions = { restartStrategy: 'surge' };
  const systems: InfAdapterSystem[] = [];
  const want = (name: string): boolean => !o.only || o.only.includes(name);
  const add = (name: string, make: () => Omit<InfAdapterSystem, 'name'>): void => {
    if (want(name)) systems.push({ name, ...make() });
  };

  add('infadapter', () => ({ scaler: createInfAdapterScaler(config) as Scaler<unknown>, forecaster: infAdapterForecaster(config, o.model), start: paperStart, actuator: rollout }));
  add('ms-plus', () => ({ scaler: createMsPlusScaler(config) as Scaler<unknown>, forecaster: infAdapterForecaster(config, o.model), start: paperStart, actuator: rollout }));
  for (const mode of VPA_MODES) {
    for (const variant of names) {
      add(`vpa-${variant}-${mode}`, () => ({
        // The paper's VPA: whole cores in [2, 20]; minReplicas 1 or the updater never acts on one pod;
        // no 12 h young-pod rule (with it a 21-minute run never resizes: as in the Sponge comparison).
        scaler: createVpaScaler({ ...paperVpa(budget), ...(mode === 'OffApplied' ? {} : { mode }), podLifetimeThresholdMs: 0 }) as Scaler<unknown>,
        start: [{ variant, cores: budget, replicas: 1 }],
        actuator: mode === 'OffApplied' ? rollout : { restartStrategy: 'evict' },
      }));
    }
  }
  let total = 0;
  for (let i = 0; i < o.arrivals.length; i++) total += o.arrivals[i]!;
  const hpaVariant = bestSingleVariant(config, total / Math.max(1, o.arrivals.length));
  const maxReplicas = Math.floor(config.budget.cores / HPA_POD_CORES);
  add(`hpa-${hpaVariant}`, () => ({
    scaler: createHpaScaler({ metric: 'cpu', target: 0.7, minReplicas: 1, maxReplicas }) as Scaler<unknown>,
    start: [{ variant: hpaVariant, cores: HPA_POD_CORES, replicas: maxReplicas }],
    actuator: {},
  }));
  // The bound: the same scaler knowing the next minute's peak exactly (no headroom needed).
  add('infadapter-oracle', () => ({
    scaler: createInfAdapterScaler(config) as Scaler<unknown>,
    forecaster: new OracleForecaster({ series: o.arrivals, startMs: 0, horizonSeconds: 60 }),
    start: paperStart,
    actuator: rollout,
  }));
  return systems;
}
