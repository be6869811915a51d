import type { RegisteredScaler } from '@infscale/scalers';
import type { ScalerApp } from './cli';
import type { AfterPlan } from './post-plan';

export interface RegisteredAppOptions {
  version?: string;
  /** Runs after each finished plan, from the scaler section (Sponge: tell the model server its threads). */
  afterPlan?: (section: Record<string, unknown>) => AfterPlan;
}

/**
 * A deployable process of a registered scaler: its name (metric prefix, lease), description and
 * config schema (--help) from the registry, and the scaler and forecaster its entry builds from the
 * section over the deployment's defaults (its registry entry's deploy.defaults, where it has any). The
 * solver's wall time goes into the decision's details (solveMs); the decision itself never reads it.
 */
export function registeredScalerApp(entry: RegisteredScaler, options: RegisteredAppOptions = {}): ScalerApp {
  return {
    name: entry.name,
    description: entry.description,
    ...(options.version ? { version: options.version } : {}),
    configSchema: entry.configSchema,
    buildScaler: async (section) => {
      const config = entry.deployed(section);
      const built = await entry.build(config, { now: () => performance.now() });
      return options.afterPlan ? { ...built, afterPlan: options.afterPlan(config) } : built;
    },
  };
}
