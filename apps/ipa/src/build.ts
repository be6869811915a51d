import { registeredScalerApp } from '@infscale/runtime';
import { scalerRegistry } from '@infscale/scalers';

/**
 * IPA as a process: the registry's entry (the IPA preset LSTM or forecast.modelDir, answering with
 * the max of the history until 2 minutes exist; the pipeline's margin is added by the scaler).
 */
export const ipaApp = registeredScalerApp(scalerRegistry.get('ipa'), { version: '0.1.0' });
