import type { Forecaster, Scaler } from '@infscale/core';
import { OracleForecaster, type ForecastModel } from '@infscale/forecasting';
import type { InfAdapterProfiles } from '@infscale/profiles';
import {
  buildProblem,
  INFADAPTER_PAPER_VPA,
  infAdapterForecaster,
  infAdapterVariantsFromProfiles,
  parseInfAdapterConfig,
  scalerRegistry,
  solveMsPlus,
  type InfAdapterConfig,
} from '@infscale/scalers';
import type { SimActuatorOptions } from '@infscale/sim';
import type { CompareMode } from '../scenario';
import { ownStart, type StartDeployment } from './own-start';

/** One contestant of the comparison: a scaler, its forecaster, how it starts and how its plans are applied. */
export interface InfAdapterSystem {
  name: string;
  scaler: Scaler<unknown>;
  forecaster?: Forecaster;
  /** Starting deployments (all systems start with 20 cores, as in the paper, unless started on their own decision). */
  start: StartDeployment[];
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
    method: 'paper',
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
 * The improved method's settings (the scaler's defaults, as the app runs them): its capacity model
 * takes its shape from the profiled capacities at the SLO (the paper fitted a line through five of
 * them and took 0.8 of it) and its scale from the CPU the pods use per request.
 */
export function improvedInfAdapterConfig(
  profiles: InfAdapterProfiles,
  upscaleCheck: 'on' | 'off' = 'on',
  overrides: Record<string, unknown> = {},
): InfAdapterConfig {
  const { sloMs, maxCores, alpha, beta } = profiles.settings;
  const variants = infAdapterVariantsFromProfiles(profiles, { capacity: 'table', sloMs });
  return parseInfAdapterConfig({
    method: 'improved',
    variants,
    slo: { latencyMs: sloMs },
    budget: { cores: maxCores },
    objective: { alpha, beta },
    resourcePolicy: { maxCores },
    ...(upscaleCheck === 'off' ? { upscaleCheck: 'off' } : {}),
    ...overrides,
  });
}

/** The row name of the paper method's InfAdapter (or its oracle) when the improved one runs beside it. */
export const paperRow = (system: string): string => `${system} (paper)`;

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
  /**
   * paper: InfAdapter and its oracle with the paper's method (rows infadapter, infadapter-oracle);
   * improved: with the improved one; both (default): the improved as infadapter, the paper's as "infadapter (paper)".
   */
  mode?: CompareMode;
  /**
   * paper (default): every system starts as the paper's runs do (ResNet152 with the whole budget); own:
   * InfAdapter, MS+ and the oracle start where their own decision for the window's first minute puts them
   * (ownStart), the baselines as before.
   */
  start?: StartMode;
  /** Scaler config fields over the improved method's (its rows only), e.g. { burstSpare: {} }. */
  improvedConfig?: Record<string, unknown>;
}

export const START_MODES = ['paper', 'own'] as const;
export type StartMode = (typeof START_MODES)[number];

/** The paper's VPA baseline (whole cores in [2, 20]) within another budget. */
export function paperVpa(
  budget: number,
): typeof INFADAPTER_PAPER_VPA | (Omit<typeof INFADAPTER_PAPER_VPA, 'minCores' | 'maxCores'> & { minCores: number; maxCores: number }) {
  return budget === INFADAPTER_PAPER_VPA.maxCores
    ? INFADAPTER_PAPER_VPA
    : { ...INFADAPTER_PAPER_VPA, minCores: Math.min(INFADAPTER_PAPER_VPA.minCores, budget), maxCores: budget };
}

/** Every system of the paper's comparison, in table order. */
export function infAdapterSystems(o: SystemOptions): InfAdapterSystem[] {
  const config = paperInfAdapterConfig(o.profiles, o.upscaleCheck);
  const improved = improvedInfAdapterConfig(o.profiles, o.upscaleCheck, o.improvedConfig);
  const mode = o.mode ?? 'both';
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

  const infAdapterScaler = scalerRegistry.get('infadapter');
  const msPlus = scalerRegistry.get('ms-plus');
  const vpa = scalerRegistry.get('vpa');
  const hpa = scalerRegistry.get('hpa');
  const startOf = (scaler: Scaler<unknown>): StartDeployment[] => (o.start === 'own' ? (ownStart(scaler, o.arrivals) ?? paperStart) : paperStart);
  const infadapter = (c: InfAdapterConfig): Omit<InfAdapterSystem, 'name'> => {
    const scaler = infAdapterScaler.create(c);
    return { scaler, forecaster: infAdapterForecaster(c, o.model), start: startOf(scaler), actuator: rollout };
  };
  if (mode !== 'paper') add('infadapter', () => infadapter(improved));
  if (mode !== 'improved') add(mode === 'both' ? paperRow('infadapter') : 'infadapter', () => infadapter(config));
  add('ms-plus', () => {
    const scaler = msPlus.create(config);
    return { scaler, forecaster: infAdapterForecaster(config, o.model), start: startOf(scaler), actuator: rollout };
  });
  for (const mode of VPA_MODES) {
    for (const variant of names) {
      add(`vpa-${variant}-${mode}`, () => ({
        // The paper's VPA (the registry's, on this profile, within its budget), or its recommender under a stock updater mode.
        scaler: vpa.create({ ...paperVpa(budget), ...(mode === 'OffApplied' ? {} : { mode }) }),
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
    scaler: hpa.create({ ...hpa.defaults('infadapter'), metric: 'cpu', minReplicas: 1, maxReplicas }),
    start: [{ variant: hpaVariant, cores: HPA_POD_CORES, replicas: maxReplicas }],
    actuator: {},
  }));
  // The bound: the same scaler knowing the next minute's peak exactly (no headroom needed).
  const oracle = (c: InfAdapterConfig): Omit<InfAdapterSystem, 'name'> => {
    const scaler = infAdapterScaler.create(c);
    return { scaler, forecaster: new OracleForecaster({ series: o.arrivals, startMs: 0, horizonSeconds: 60 }), start: startOf(scaler), actuator: rollout };
  };
  if (mode !== 'paper') add('infadapter-oracle', () => oracle(improved));
  if (mode !== 'improved') add(mode === 'both' ? paperRow('infadapter-oracle') : 'infadapter-oracle', () => oracle(config));
  return systems;
}
