import type { Forecaster, Scaler } from '@infscale/core';
import { loadPretrained } from '@infscale/forecasting';
import { loadInfAdapterProfiles, loadLatencyFits } from '@infscale/profiles';
import {
  createHpaScaler, createInfAdapterScaler, createIpaForecaster, createIpaScaler, createMsPlusScaler, createSpongeScaler,
  createStaticScaler, createVpaScaler, infAdapterForecaster, infAdapterVariantsFromProfiles, INFADAPTER_PAPER_VPA, latencyCoefficients, parseInfAdapterConfig,
} from '@infscale/scalers';
import { UsageError } from '../program';

/** A scaler built for one simulation, with the forecaster its loop uses (none for reactive ones). */
export interface SimulatedScaler {
  scaler: Scaler<unknown>;
  forecaster?: Forecaster;
  /** How its restart-based changes roll out unless --restart says otherwise. */
  restart?: 'evict' | 'surge';
}

/** How the CLI builds a scaler from --scaler and --scaler-config, given the profile (family[:detail]). */
export type ScalerFactory = (config: Record<string, unknown>, family: string, detail: string | undefined) => SimulatedScaler | Promise<SimulatedScaler>;

function needFamily(scaler: string, family: string, wanted: string, example: string): void {
  if (family !== wanted) throw new UsageError(`--scaler ${scaler} runs on --profile ${example}, got --profile ${family}`);
}

/**
 * InfAdapter or MS+ with the paper's variants and settings: InfAdapter by default with the improved
 * method (the profiled capacities at the SLO as its model's shape), MS+ (a paper baseline) with the
 * paper's (the linear fit × 0.8); the shipped LSTM (EWMA until its window fills).
 */
function infAdapterFamily(create: typeof createInfAdapterScaler, name: string, defaultMethod: 'paper' | 'improved'): ScalerFactory {
  return async (config, family) => {
    needFamily(name, family, 'infadapter', 'infadapter');
    const method = (config.method as string | undefined) ?? defaultMethod;
    const profiles = loadInfAdapterProfiles();
    const capacity = method === 'paper' ? 'fit' : 'table';
    const input = { method, variants: infAdapterVariantsFromProfiles(profiles, { capacity, sloMs: profiles.settings.sloMs }), ...config };
    const parsed = parseInfAdapterConfig(input, `${name} config`);
    // A changed variant rolls out make-before-break (a new pod before the old one goes), as in the paper.
    return { scaler: create(input) as Scaler<unknown>, forecaster: infAdapterForecaster(parsed, await loadPretrained('infadapter')), restart: 'surge' };
  };
}

/**
 * The scalers `infscale simulate` knows. VPA on the InfAdapter profile defaults to that paper's
 * baseline (Off mode, target applied, whole cores in [2, 20], minReplicas 1); elsewhere to stock VPA.
 * Add one line per new scaler.
 */
export const SIMULATE_SCALERS: Record<string, ScalerFactory> = {
  static: (config) => ({ scaler: createStaticScaler(config) as Scaler<unknown> }),
  vpa: (config, family) => ({
    scaler: createVpaScaler(family === 'infadapter' ? { ...INFADAPTER_PAPER_VPA, ...config } : config) as Scaler<unknown>,
  }),
  hpa: (config) => ({ scaler: createHpaScaler({ target: 0.7, ...config }) as Scaler<unknown> }),
  infadapter: infAdapterFamily(createInfAdapterScaler, 'infadapter', 'improved'),
  'ms-plus': infAdapterFamily(createMsPlusScaler, 'ms-plus', 'paper'),
  ipa: async (config, family, detail) => {
    needFamily('ipa', family, 'ipa', 'ipa:<pipeline>');
    const scaler = createIpaScaler({ profile: detail ?? 'video', ...config });
    return { scaler: scaler as Scaler<unknown>, forecaster: await createIpaForecaster(scaler.config.forecast) };
  },
  sponge: (config, family) => {
    needFamily('sponge', family, 'sponge', 'sponge');
    // The simulator's Sponge deployment serves resnet18 with the notebook's latency fit.
    return { scaler: createSpongeScaler({ targetRef: { name: 'resnet18' }, latencyModel: latencyCoefficients(loadLatencyFits()[0]!), ...config }) as Scaler<unknown> };
  },
};
