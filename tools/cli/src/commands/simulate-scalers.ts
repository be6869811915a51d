import type { Forecaster, Scaler } from '@infscale/core';
import { loadPretrained } from '@infscale/forecasting';
import { loadInfAdapterProfiles, loadLatencyFits } from '@infscale/profiles';
import {
  createHpaScaler, createInfAdapterScaler, createIpaForecaster, createIpaScaler, createMsPlusScaler, createSpongeScaler,
  createStaticScaler, createVpaScaler, infAdapterForecaster, latencyCoefficients, parseInfAdapterConfig,
} from '@infscale/scalers';
import { paperInfAdapterConfig, paperVpa, type UserProfile } from '@infscale/experiments';
import { UsageError } from '../program';

/** A scaler built for one simulation, with the forecaster its loop uses (none for reactive ones). */
export interface SimulatedScaler {
  scaler: Scaler<unknown>;
  forecaster?: Forecaster;
  /** How its restart-based changes roll out unless --restart says otherwise. */
  restart?: 'evict' | 'surge';
}

/** How the CLI builds a scaler from --scaler and --scaler-config, given the profile (family[:detail]). */
export type ScalerFactory = (config: Record<string, unknown>, family: string, detail: string | undefined, own?: UserProfile) => SimulatedScaler | Promise<SimulatedScaler>;

function needFamily(scaler: string, family: string, wanted: string, example: string): void {
  if (family !== wanted) throw new UsageError(`--scaler ${scaler} runs on --profile ${example}, got --profile ${family}`);
}

/** InfAdapter or MS+ with the paper's variants, capacities and settings; the shipped LSTM (EWMA until its window fills). */
function infAdapterFamily(create: typeof createInfAdapterScaler, name: string): ScalerFactory {
  return async (config, family, _detail, own) => {
    needFamily(name, family, 'infadapter', 'infadapter');
    // The comparison's settings: the profile's variants, SLO and budget (the paper's, or the profile file's).
    const input = { ...paperInfAdapterConfig(own?.infadapter ?? loadInfAdapterProfiles()), ...config };
    // A changed variant rolls out make-before-break (a new pod before the old one goes), as in the paper.
    return { scaler: create(input) as Scaler<unknown>, forecaster: infAdapterForecaster(parseInfAdapterConfig(input, `${name} config`), await loadPretrained('infadapter')), restart: 'surge' };
  };
}

/**
 * The scalers `infscale simulate` knows. VPA on the InfAdapter profile defaults to that paper's
 * baseline (Off mode, target applied, whole cores in [2, 20], minReplicas 1); elsewhere to stock VPA.
 * Add one line per new scaler.
 */
export const SIMULATE_SCALERS: Record<string, ScalerFactory> = {
  static: (config) => ({ scaler: createStaticScaler(config) as Scaler<unknown> }),
  vpa: (config, family, _detail, own) => ({
    scaler: createVpaScaler(family === 'infadapter' ? { ...paperVpa((own?.infadapter ?? loadInfAdapterProfiles()).settings.maxCores), ...config } : config) as Scaler<unknown>,
  }),
  hpa: (config) => ({ scaler: createHpaScaler({ target: 0.7, ...config }) as Scaler<unknown> }),
  infadapter: infAdapterFamily(createInfAdapterScaler, 'infadapter'),
  'ms-plus': infAdapterFamily(createMsPlusScaler, 'ms-plus'),
  ipa: async (config, family, detail) => {
    needFamily('ipa', family, 'ipa', 'ipa:<pipeline>');
    const scaler = createIpaScaler({ profile: detail ?? 'video', ...config });
    return { scaler: scaler as Scaler<unknown>, forecaster: await createIpaForecaster(scaler.config.forecast) };
  },
  sponge: (config, family, _detail, own) => {
    needFamily('sponge', family, 'sponge', 'sponge');
    // The simulator's Sponge deployment serves resnet18 with the notebook's latency fit, or the profile file's model.
    const model = own?.sponge?.model ?? loadLatencyFits()[0]!;
    const slo = own?.sponge?.sloMs !== undefined ? { slo: { latencyMs: own.sponge.sloMs } } : {};
    return { scaler: createSpongeScaler({ targetRef: { name: 'resnet18' }, latencyModel: latencyCoefficients(model), ...slo, ...config }) as Scaler<unknown> };
  },
};
