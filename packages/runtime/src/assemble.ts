import { hostname } from 'node:os';
import { ControllerLoop, systemClock, type Clock, type Forecaster, type Logger, type MetricsSource, type Scaler } from '@infscale/core';
import { ClientNodeKubeApi, KubernetesActuator, loadKubeConfig, type KubeApi } from '@infscale/kube';
import { PrometheusSource, ScalerMetrics } from '@infscale/metrics';
import type { KubeConfig } from '@kubernetes/client-node';
import { Registry } from 'prom-client';
import { abortableSleep, type Sleep } from './abortable-sleep';
import type { Env } from './env-overrides';
import { JsonLogger } from './json-logger';
import { ObservedActuator } from './observed-actuator';
import { PostPlanActuator, type AfterPlan } from './post-plan';
import type { ProcessConfig } from './process-config';

/** Seams for tests and for embedding: everything has a production default. */
export interface ScalerProcessDeps {
  clock?: Clock;
  sleep?: Sleep;
  logger?: Logger;
  /** Instead of the config's kubernetes.connection (in-cluster or kubeconfig file). */
  kubeConfig?: KubeConfig;
  /** The environment the connection is judged by (in a pod or not, $KUBECONFIG); default process.env. */
  env?: Env;
  /** Instead of Prometheus (e.g. the simulator's source). */
  metricsSource?: MetricsSource;
}

export interface ScalerProcessOptions<State> {
  /** The app's name: infscale_<name>_* metrics, log field `scaler`. */
  name: string;
  scaler: Scaler<State>;
  forecaster?: Forecaster;
  /** Runs after each finished plan (Sponge: the model server's thread count). */
  afterPlan?: AfterPlan;
  config: ProcessConfig;
  deps?: ScalerProcessDeps;
}

/** The parts of one scaler process, wired but not started. */
export interface Assembly<State> {
  loop: ControllerLoop<State>;
  /** The Kubernetes actuator behind the after-plan hook; `whenIdle()` waits for plan and hook. */
  actuator: PostPlanActuator;
  kube: KubernetesActuator;
  observed: ObservedActuator;
  api: KubeApi;
  metrics: ScalerMetrics;
  /** Node.js process metrics (CPU, memory, event loop lag, GC). */
  processRegistry: Registry;
  logger: Logger;
  clock: Clock;
  sleep: Sleep;
  /** Who we are in the Lease, and its name; undefined when leader election is off or dry. */
  lease?: { name: string; identity: string };
}

/** The loop logs its own holds and applies at info; the driver logs each decision once, so those go to debug. */
function loopLogger(logger: Logger): Logger {
  const debug = logger instanceof JsonLogger ? logger.debug.bind(logger) : () => undefined;
  return { info: debug, warn: logger.warn.bind(logger), error: logger.error.bind(logger) };
}

export function assemble<State>(options: ScalerProcessOptions<State>): Assembly<State> {
  const { name, scaler, forecaster, config } = options;
  const deps = options.deps ?? {};
  const clock = deps.clock ?? systemClock;
  const sleep = deps.sleep ?? abortableSleep;
  const logger = deps.logger ?? new JsonLogger({ base: { scaler: name } });
  // Resolve the identity here, so the lease we release on stop is the one the actuator took.
  const identity = config.kubernetes.leaderElection.identity ?? hostname();
  const kubeConfig = { ...config.kubernetes, leaderElection: { ...config.kubernetes.leaderElection, identity } };
  // The CLI passes the connection it loaded with the config (loadConnection: its ConfigError names the
  // file's kubernetes.connection field). Loaded here otherwise, failing the same way before any retry,
  // with the actuator config's paths (connection.mode).
  const connected = deps.kubeConfig ?? loadKubeConfig(kubeConfig.connection, deps.env ? { env: deps.env } : {});
  const api = new ClientNodeKubeApi(connected, kubeConfig.namespace, kubeConfig.requestTimeout);
  const kube = new KubernetesActuator(kubeConfig, { api, clock, logger, sleep: (ms) => sleep(ms) });
  const actuator = new PostPlanActuator(kube, options.afterPlan, logger, kubeConfig.dryRun, () => kube.isLeading());
  const metrics = new ScalerMetrics(name);
  const observed = new ObservedActuator(actuator, (cluster) => metrics.observeCluster(cluster));
  const source = deps.metricsSource ?? new PrometheusSource(config.prometheus);
  const loop = new ControllerLoop({ scaler, metrics: source, actuator: observed, clock, forecaster, logger: loopLogger(logger) });
  const processRegistry = new Registry();
  const leaseOn = kubeConfig.leaderElection.enabled && !kubeConfig.dryRun;
  const lease = leaseOn ? { name: kubeConfig.leaderElection.leaseName ?? `infscale-${kubeConfig.scaler}`, identity } : undefined;
  return { loop, actuator, kube, observed, api, metrics, processRegistry, logger, clock, sleep, lease };
}
