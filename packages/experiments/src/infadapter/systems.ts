import type { Forecaster, Scaler } from '@infscale/core';
import { OracleForecaster, type ForecastModel } from '@infscale/forecasting';
import type { InfAdapterProfiles } from '@infscale/profiles';
import { buildProblem, infAdapterForecaster, infAdapterVariantsFromProfiles, parseInfAdapterConfig, scalerRegistry, solveMsPlus, type InfAdapterConfig } from '@infscale/scalers';
import type { SimActuatorOptions } from '@infscale/sim';
import type { CompareMode } from '../scenario';

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

/** The paper's settings for InfAdapter and MS+ (capacity: the linear fit at 750 ms × 0.8). */
export function paperInfAdapterConfig(profiles: InfAdapterProfiles, upscaleCheck: 'on' | 'off' = 'on'): InfAdapterConfig {
  return parseInfAdapterConfig({ method: 'paper', variants: infAdapterVariantsFromProfiles(profiles), ...(upscaleCheck === 'off' ? { upscaleCheck: 'off' } : {}) });
}

/**
 * The improved method's settings (the scaler's defaults, as the app runs them): its capacity model
 * takes its shape from the profiled capacities at the SLO (the paper fitted a line through five of
 * them and took 0.8 of it) and its scale from the CPU the pods use per request.
 */
export function improvedInfAdapterConfig(profiles: InfAdapterProfiles, upscaleCheck: 'on' | 'off' = 'on'): InfAdapterConfig {
  const variants = infAdapterVariantsFromProfiles(profiles, { capacity: 'table', sloMs: profiles.settings.sloMs });
  return parseInfAdapterConfig({ method: 'improved', variants, ...(upscaleCheck === 'off' ? { upscaleCheck: 'off' } : {}) });
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
  return result.status === 'optimal' ? (result.decision.allocations[0]?.variant ?? 'resnet50') : 'resnet18';
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
}

/** Every system of the paper's comparison, in table order. */
export function infAdapterSystems(o: SystemOptions): InfAdapterSystem[] {
  const config = paperInfAdapterConfig(o.profiles, o.upscaleCheck);
  const improved = improvedInfAdapterConfig(o.profiles, o.upscaleCheck);
  const mode = o.mode ?? 'both';
  const paperStart = [{ variant: 'resnet152', cores: 20, replicas: 1 }];
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
  const infadapter = (c: InfAdapterConfig): Omit<InfAdapterSystem, 'name'> => ({ scaler: infAdapterScaler.create(c), forecaster: infAdapterForecaster(c, o.model), start: paperStart, actuator: rollout });
  if (mode !== 'paper') add('infadapter', () => infadapter(improved));
  if (mode !== 'improved') add(mode === 'both' ? paperRow('infadapter') : 'infadapter', () => infadapter(config));
  add('ms-plus', () => ({ scaler: msPlus.create(config), forecaster: infAdapterForecaster(config, o.model), start: paperStart, actuator: rollout }));
  for (const mode of VPA_MODES) {
    for (const variant of VARIANTS) {
      add(`vpa-${variant}-${mode}`, () => ({
        // The paper's VPA (the registry's, on this profile), or its recommender under a stock updater mode.
        scaler: vpa.create({ ...vpa.defaults('infadapter'), ...(mode === 'OffApplied' ? {} : { mode }) }),
        start: [{ variant, cores: 20, replicas: 1 }],
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
  const oracle = (c: InfAdapterConfig): Omit<InfAdapterSystem, 'name'> => ({
    scaler: infAdapterScaler.create(c),
    forecaster: new OracleForecaster({ series: o.arrivals, startMs: 0, horizonSeconds: 60 }),
    start: paperStart,
    actuator: rollout,
  });
  if (mode !== 'paper') add('infadapter-oracle', () => oracle(improved));
  if (mode !== 'improved') add(mode === 'both' ? paperRow('infadapter-oracle') : 'infadapter-oracle', () => oracle(config));
  return systems;
}
