import { durationSchema, type Scaler } from '@infscale/core';
import { defineScaler, desiredFromCluster, scalerRegistry } from '@infscale/scalers';
import { z } from 'zod';
import { run } from '../program';
import { capture } from '../test-support/capture-io';

// The README's worked example (Development, "Add a scaler"): the whole of a new scaler is its config
// schema, its decision and its registry entry; `infscale simulate` then runs it by name.

const replicasPerLoadConfig = z.strictObject({
  interval: durationSchema().default(10_000).describe('Time between decisions.'),
  rpsPerReplica: z.number().positive().default(50).describe('Requests per second one replica serves.'),
});

/** One replica per rpsPerReplica of the last 10 s's busiest second, on every deployment. */
function createReplicasPerLoad(config: z.output<typeof replicasPerLoadConfig>): Scaler<null> {
  return {
    name: 'replicas-per-load',
    intervalMs: config.interval,
    observationRequest: (nowMs) => ({ nowMs, historySeconds: 10, deployments: [] }),
    initialState: () => null,
    decide: ({ observation, cluster }, state) => {
      const peak = Math.max(0, ...observation.arrivalsPerSecond.slice(-10));
      const replicas = Math.max(1, Math.ceil(peak / config.rpsPerReplica));
      if (cluster.deployments.every((d) => d.replicas === replicas))
        return { state, decision: { kind: 'hold', reason: `${replicas} replica(s) carry ${peak} req/s` } };
      const desired = desiredFromCluster(cluster, (d) => ({ ...d, replicas }));
      return { state, decision: { kind: 'apply', desired, resize: 'restart', reason: `${peak} req/s: ${replicas} replica(s)` } };
    },
  };
}

const replicasPerLoad = defineScaler({
  name: 'replicas-per-load',
  description: 'One replica per rpsPerReplica of recent peak load.',
  config: replicasPerLoadConfig,
  create: (config) => createReplicasPerLoad(config),
  simulation: { profiles: ['infadapter', 'sponge'] },
  actuator: () => ({ actions: ['scale', 'await-ready'], resize: [] }),
});

describe('a scaler added to the registry', () => {
  const registry = scalerRegistry.with(replicasPerLoad);

  it('runs in `infscale simulate` by its name, with its config', async () => {
    const io = capture();
    const argv = [
      'node',
      'infscale',
      'simulate',
      '--scaler',
      'replicas-per-load',
      '--scaler-config',
      '{"rpsPerReplica": 40}',
      '--window',
      'segment',
      '--to',
      '300',
      '--json',
    ];
    expect(await run(argv, io, { registry })).toBe(0);
    const summary = JSON.parse(io.stdout.join('')) as { scaler: string; decisions: number; meanCores: number };
    expect(summary.scaler).toBe('replicas-per-load');
    expect(summary.decisions).toBeGreaterThan(0);
    // The segment peaks above 200 req/s: more than the one 20-core replica it starts with.
    expect(summary.meanCores).toBeGreaterThan(20);
  });

  it('is listed by --help, and its config is checked like every other, naming the field', async () => {
    const help = capture();
    await run(['node', 'infscale', 'simulate', '--help'], help, { registry });
    expect(help.stdout.join('').replace(/\s+/g, ' ')).toMatch(/scaler: static, vpa, hpa, infadapter, ms-plus, ipa, sponge, replicas-per-load/);
    const bad = capture();
    expect(
      await run(['node', 'infscale', 'simulate', '--scaler', 'replicas-per-load', '--scaler-config', '{"rpsPerReplica": 0}', '--to', '60'], bad, { registry }),
    ).toBe(2);
    expect(bad.stderr.join('')).toMatch(/replicas-per-load config: rpsPerReplica: Too small: expected number to be >0/);
  });

  it('leaves the registry everything else reads unchanged', async () => {
    const io = capture();
    expect(await run(['node', 'infscale', 'simulate', '--scaler', 'replicas-per-load', '--to', '60'], io)).toBe(2);
    expect(io.stderr.join('')).toMatch(/unknown scaler "replicas-per-load"/);
  });
});
