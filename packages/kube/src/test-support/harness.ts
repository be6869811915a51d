import { ManualClock, type ActionPlan, type ActuatorStatus, type DeploymentSpec, type Logger } from '@infscale/core';
import { KubernetesActuator } from '../actuator';
import { parseKubeActuatorConfig, type KubeActuatorConfigInput } from '../config';
import { FakeApiServer, type FakeApiServerOptions } from './fake-apiserver';

export const NAMESPACE = 'serving';

export const baseConfig: KubeActuatorConfigInput = {
  scaler: 'infadapter',
  namespace: NAMESPACE,
  connection: { mode: 'kubeconfig' },
  template: { spec: { containers: [{ name: 'server', image: 'tfserving:2.8', ports: [{ containerPort: 8501 }] }] } },
  images: { resnet18: 'registry.local/resnet18:1' },
  memory: '2Gi',
  leaderElection: { enabled: false },
  awaitReady: { timeoutMs: 120_000, pollMs: 1_000 },
  resize: { deferredTimeoutMs: 30_000, timeoutMs: 120_000, pollMs: 1_000 },
};

/** Log lines kept for assertions. */
export function memoryLogger(): Logger & { lines: { level: string; message: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, fields });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * A fake API server and actuators sharing one ManualClock: the actuator's sleep advances the clock,
 * so readiness delays, resize progress and Retry-After waits take no real time.
 */
export async function startHarness(options: FakeApiServerOptions = {}) {
  const clock = new ManualClock(1_700_000_000_000);
  const server = await new FakeApiServer({ clock, ...options }).start();
  const slept: number[] = [];
  const sleep = async (ms: number) => {
    slept.push(ms);
    clock.advance(ms);
  };
  /** An actuator on the shared clock; `token` marks its requests in server.requests (one per replica). */
  const actuator = (overrides: Partial<KubeActuatorConfigInput> = {}, logger?: Logger, token?: string) =>
    new KubernetesActuator(parseKubeActuatorConfig({ ...baseConfig, ...overrides }), {
      kubeConfig: server.kubeConfig(NAMESPACE, token),
      clock,
      sleep,
      random: () => 0.5,
      ...(logger ? { logger } : {}),
    });
  return { server, clock, slept, actuator, close: () => server.close() };
}

/** Submits the plan and waits for it; returns the actuator's status after. */
export async function runPlan(actuator: KubernetesActuator, plan: ActionPlan): Promise<ActuatorStatus> {
  await actuator.submit(plan);
  await actuator.whenIdle();
  return actuator.status();
}

/** The single-stage deployment the resize tests use ("sponge", 1 replica of 2 cores). */
export const spongeSpec = (over: Partial<DeploymentSpec> = {}): DeploymentSpec => ({ name: 'sponge', variant: 'resnet18', stage: 'main', replicas: 1, cores: 2, batch: 1, ...over });
