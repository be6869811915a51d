import { registeredScalerApp } from '@infscale/runtime';
import { scalerRegistry } from '@infscale/scalers';

/**
 * InfAdapter as a process: the registry's entry (its config with a bundled profile completing the
 * variants named, the shipped LSTM or forecast.modelDir answering with EWMA until 10 minutes of
 * history exist, times 1 + forecast.margin).
 */
export const infAdapterApp = registeredScalerApp(scalerRegistry.get('infadapter'), { version: '0.1.0' });
