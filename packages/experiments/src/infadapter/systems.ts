import type { Forecaster, Scaler } from '@infscale/core';
import { OracleForecaster, type ForecastModel } from '@infscale/forecasting';
import type { InfAdapterProfiles } from '@infscale/profiles';
import { buildProblem, infAdapterForecaster, infAdapterVariantsFromProfiles, parseInfAdapterConfig, scalerRegistry, solveMsPlus, type InfAdapterConfig } from '@infscale/scalers';
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

/** The paper's settings for InfAdapter and MS+ (capacity: the linear fit at 750 ms × 0.8). */
export function paperInfAdapterConfig(profiles: InfAdapterProfiles, upscaleCheck: 'on' | 'off' = 'on'): InfAdapterConfig {
  return parseInfAdapterConfig({ variants: infAdapterVariantsFromProfiles(profiles), ...(upscaleCheck === 'off' ? { upscaleCheck: 'off' } : {}) });
}

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
}

/** Every system of the paper's comparison, in table order. */
export function infAdapterSystems(o: SystemOptions): InfAdapterSystem[] {
  const config = paperInfAdapterConfig(o.profiles, o.upscaleCheck);
  const paperStart = [{ variant: 'resnet152', cores: 20, replicas: 1 }];
  // A make-before-break rollout: a changed variant gets a new pod before the old one goes (the paper).
  const rollout: SimActuatorOptions = { restartStrategy: 'surge' };
  const systems: InfAdapterSystem[] = [];
  const want = (name: string): boolean => !o.only || o.only.includes(name);
  const add = (name: string, make: () => Omit<InfAdapterSystem, 'name'>): void => {
    if (want(name)) systems.push({ name, ...make() });
  };

  const infadapter = scalerRegistry.get('infadapter');
  const msPlus = scalerRegistry.get('ms-plus');
  const vpa = scalerRegistry.get('vpa');
  const hpa = scalerRegistry.get('hpa');
  add('infadapter', () => ({ scaler: infadapter.create(config), forecaster: infAdapterForecaster(config, o.model), start: paperStart, actuator: rollout }));
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
  add('infadapter-oracle', () => ({
    scaler: infadapter.create(config),
    forecaster: new OracleForecaster({ series: o.arrivals, startMs: 0, horizonSeconds: 60 }),
    start: paperStart,
    actuator: rollout,
  }));
  return systems;
}
