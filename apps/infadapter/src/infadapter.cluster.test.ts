/**
 * The InfAdapter app end to end, in process: its command line against a namespace of the real test
 * control plane (kubeconfig file, a ServiceAccount token) and a REAL Prometheus scraping one running variant's pod at 60 req/s.
 * The decision it prints must be what the pure scaler decides from the same inputs, and a full
 * --once must leave the cluster as decided: variant deployments with the solver's cores, quotas published.
 */
import type { Decision, DecisionRecord, DeploymentSpec } from '@infscale/core';
import { ROUTING_CONFIGMAP } from '@infscale/kube';
import { TEMPLATE, uniqueName } from '@infscale/kube/testing';
import { runAppCli, startAppStack, withoutSolveTime, type AppStack } from '@infscale/runtime/testing';
import { infAdapterApp } from './build';

jest.setTimeout(60_000);

const NS = uniqueName('serving');
const RUNNING: DeploymentSpec = { name: 'resnet-resnet18', variant: 'resnet18', stage: 'main', replicas: 1, cores: 2, batch: 1 };
const SCALER = {
  task: 'resnet',
  profile: 'infadapter-resnet',
  budget: { cores: 20 },
  forecast: { model: 'lstm', margin: 0.1 },
  variants: ['resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152'].map((name) => ({ name, image: `registry.local/${name}:1` })),
};
const IMAGES = Object.fromEntries(SCALER.variants.map((v) => [v.name, v.image]));

let stack: AppStack;
beforeAll(async () => {
  stack = await startAppStack({
    namespace: NS,
    scaler: 'infadapter',
    deployments: [RUNNING],
    pods: { 'resnet-resnet18-5d9c7b8f4-abcde': { requestsPerSecond: 60, cpuCores: 1.5 } },
  });
});
afterAll(() => stack?.close());

const configFile = () => stack.write('infadapter.yaml', stack.document(SCALER, { template: TEMPLATE, images: IMAGES }));
const applied = (d: Decision) => (d.kind === 'apply' ? d : undefined);

it('--once --dry-run prints the decision the pure scaler makes from the same observation, and changes nothing', async () => {
  const file = configFile();
  const run = await runAppCli(infAdapterApp, ['--config', file, '--once', '--dry-run']);
  expect(run.code).toBe(0);
  const record = JSON.parse(run.out) as DecisionRecord;
  // The forecaster: EWMA until the LSTM's 10 minutes exist, on the 60 req/s measured; the improved method
  // (the default) gets it without headroom and plans with its own margin (the paper's: × 1.1 here).
  expect(record.forecast?.peakRps).toBeGreaterThan(60 * 0.9);
  expect(record.forecast?.peakRps).toBeLessThan(60 * 1.1);
  const decision = applied(record.decision);
  expect(decision?.desired.deployments.length).toBeGreaterThan(0);
  expect(record.plan?.actions.map((a) => a.type)).toContain('create'); // 66 req/s is beyond resnet18 at 2 cores
  expect(withoutSolveTime(record.decision)).toEqual(await stack.pureDecision(infAdapterApp, file, record));
  expect((await stack.cluster.deployments()).map((d) => d.metadata?.name)).toEqual([RUNNING.name]);
  expect(await stack.cluster.configMap(ROUTING_CONFIGMAP)).toBeUndefined();
});

it('--once applies the plan: variant deployments with the cores the solver chose, routing quotas published, lease released', async () => {
  const run = await runAppCli(infAdapterApp, ['--config', configFile(), '--once']);
  expect(run.code).toBe(0);
  expect(run.err).not.toMatch(/the plan failed/);
  const decision = applied((JSON.parse(run.out) as DecisionRecord).decision);
  if (!decision) throw new Error('expected an apply');
  const deployments = await stack.cluster.deployments();
  const actual = deployments.map((d) => ({
    name: d.metadata!.name!,
    cpu: d.spec!.template.spec!.containers[0]!.resources!.limits!.cpu,
    image: d.spec!.template.spec!.containers[0]!.image,
  }));
  expect(actual.sort((a, b) => a.name.localeCompare(b.name))).toEqual(
    decision.desired.deployments
      .map((d) => ({ name: d.name, cpu: String(d.cores), image: d.name === RUNNING.name ? TEMPLATE.spec.containers[0]!.image : IMAGES[d.variant] }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  );
  const routing = await stack.cluster.configMap(ROUTING_CONFIGMAP);
  const published = JSON.parse(routing?.data?.main ?? '{}') as { weights: Record<string, number> };
  expect(Object.keys(published.weights).length).toBeGreaterThan(0);
  expect(published.weights).toEqual(decision.desired.routing?.find((r) => r.stage === 'main')?.weights);
  expect(await stack.cluster.leaseHolder('infscale-infadapter')).toBeUndefined();
});
