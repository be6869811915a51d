import type { z } from 'zod';
import { parseConfig, type Action, type Forecaster, type ResizeMode, type Scaler } from '@infscale/core';

/** The bundled workloads the simulator (`infscale simulate --profile`) runs a scaler on. */
export type SimulationProfile = 'infadapter' | 'ipa' | 'sponge';

/**
 * What a scaler's decisions ask of the actuator, in the plan's words (core's planActions): the
 * actions they can lead to and how their core changes reach the pods. tools/helm-check turns this
 * into the RBAC rules of the scaler's Role, through the Kubernetes calls each action makes.
 */
export interface ActuatorNeeds {
  actions: readonly Action['type'][];
  /** [] when it never changes cores. */
  resize: readonly ResizeMode[];
}

/** The keys of a deployed scaler's chart section that go to the actuator (packages/kube's config), not to the scaler. */
export type ChartActuatorKey = 'template' | 'images' | 'stageQueues' | 'resizeReadinessGate';

/** How a scaler is deployed: apps/<name>, the chart's `<name>:` section and its Grafana dashboard. */
export interface Deployment {
  /** The file in dashboards/ (without .json) that shows this scaler. */
  dashboard: string;
  chart: {
    /** Actuator settings the chart takes in the scaler's section and moves to `kubernetes` (helm/infscale/templates/_config.tpl). */
    actuatorKeys: readonly ChartActuatorKey[];
    /** Fields of the config the chart does not offer ("variants[].deployment": in no variant), and why. */
    omit?: Readonly<Record<string, string>>;
    /** Fields the chart's templates read, so its values must keep them ("stages[].targetRef": in every stage). */
    require?: readonly string[];
  };
}

export interface CreateOptions {
  /** Clock for the solve time a decision reports (never read by the decision itself); default a clock at 0. */
  now?: () => number;
}

/** A scaler and the forecaster its loop uses (none for reactive ones). */
export interface BuiltScaler {
  scaler: Scaler<unknown>;
  forecaster?: Forecaster;
}

/**
 * One scaler, typed: its config schema, how it is built, where it runs. KEDA's scalers_builder has
 * one switch case per trigger; here one definition per scaler folder, and one line in registry.ts.
 */
export interface ScalerDefinition<Schema extends z.ZodType, State> {
  name: string;
  /** One line for --help and the app's description. */
  description: string;
  /** The config as a user writes it: the one place each field is validated and explained (`.describe()`). */
  config: Schema;
  create(config: z.output<Schema>, options: CreateOptions): Scaler<State>;
  /** The loop's forecaster; may load a model (I/O). Absent for reactive scalers. */
  forecaster?(config: z.output<Schema>): Promise<Forecaster>;
  simulation: {
    /** The simulator profiles it runs on. */
    profiles: readonly SimulationProfile[];
    /** What it runs with on a profile before the user's settings: the paper's, where a paper compared against it. */
    defaults?(profile: SimulationProfile, detail: string | undefined): Partial<z.input<Schema>>;
    /** How its restart-based changes roll out in the simulator: evict (VPA Recreate, the default) or surge (a Deployment rollout). */
    rollout?: 'evict' | 'surge';
  };
  actuator(config: z.output<Schema>): ActuatorNeeds;
  deploy?: Deployment & {
    /** What the deployed process runs with where its config says nothing (under the config's own settings). */
    defaults?: Partial<z.input<Schema>>;
  };
}

/** A registered scaler with its types erased: what the apps, the CLI, the experiments and the tools hold. */
export interface RegisteredScaler {
  readonly name: string;
  readonly description: string;
  readonly configSchema: z.ZodType;
  readonly profiles: readonly SimulationProfile[];
  readonly rollout: 'evict' | 'surge';
  readonly deploy?: Deployment;
  /** A deployed process's config: the deployment's defaults under the section's settings. */
  deployed(section: Record<string, unknown>): Record<string, unknown>;
  /** Its settings on a profile before the user's ({} when none). */
  defaults(profile: SimulationProfile, detail?: string): Record<string, unknown>;
  /** Validates a config (ConfigError naming each wrong field) and builds the scaler. */
  create(input: unknown, options?: CreateOptions): Scaler<unknown>;
  /** create, with the forecaster its loop uses (loading a model where it uses one). */
  build(input: unknown, options?: CreateOptions): Promise<BuiltScaler>;
  /** What the decisions of this config ask of the actuator. */
  actuator(input: unknown): ActuatorNeeds;
}

/** A definition behind the erased interface; the config is parsed here, once, for every caller. */
export function defineScaler<Schema extends z.ZodType, State>(definition: ScalerDefinition<Schema, State>): RegisteredScaler {
  const { name, simulation, deploy } = definition;
  const parse = (input: unknown): z.output<Schema> => parseConfig(definition.config, input, `${name} config`);
  // The one cast: a partial input of a config schema is an object of its fields, like any section.
  const fields = (input: Partial<z.input<Schema>> | undefined): Record<string, unknown> => ({ ...(input as Record<string, unknown> | undefined) });
  return {
    name,
    description: definition.description,
    configSchema: definition.config,
    profiles: simulation.profiles,
    rollout: simulation.rollout ?? 'evict',
    ...(deploy ? { deploy: { dashboard: deploy.dashboard, chart: deploy.chart } } : {}),
    deployed: (section) => ({ ...fields(deploy?.defaults), ...section }),
    defaults: (profile, detail) => fields(simulation.defaults?.(profile, detail)),
    create: (input, options = {}) => definition.create(parse(input), options),
    build: async (input, options = {}) => {
      const config = parse(input);
      const scaler = definition.create(config, options);
      const forecaster = await definition.forecaster?.(config);
      return forecaster ? { scaler, forecaster } : { scaler };
    },
    actuator: (input) => definition.actuator(parse(input)),
  };
}
