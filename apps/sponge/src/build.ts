import { registeredScalerApp } from '@infscale/runtime';
import { parseSpongeConfig, scalerRegistry } from '@infscale/scalers';
import { modelServerHook } from './model-server-hook';

/**
 * Sponge as a process: the registry's entry (the reactive last-max forecaster of the paper's 1 s
 * interval) and, after each plan, the model-server hook of its config's modelServerHook.
 */
export const spongeApp = registeredScalerApp(scalerRegistry.get('sponge'), {
  version: '0.1.0',
  afterPlan: (section) => {
    const config = parseSpongeConfig(section);
    return modelServerHook(config.targetRef.name, config.modelServerHook);
  },
});
