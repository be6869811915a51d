import { loadBandwidthTrace, loadLatencyFits, networkDelaysMs, SPONGE_IMAGE_BYTES } from '@infscale/profiles';
import { ConfigError } from '@infscale/core';
import { profileFor, type ComparisonResult, type Scenario, type ScenarioOptions } from '../scenario';
import { spongeSections } from './report';
import { runSpongeSystem, type SpongeRunOutput } from './run';
import { spongeSystems } from './systems';
import { SPONGE_TWITTER_WINDOW, spongeWorkloads, type Workload } from './workloads';

export interface SpongeComparisonOptions {
  /** Bytes each request uploads over the 4G trace (paper: 303,600 → 43–703 ms of delay). */
  imageBytes?: number;
  sloMs?: number;
  /** Cut every workload to this many seconds (tests). */
  durationS?: number;
  /** Length of a time-series row (the charts' resolution). */
  intervalS?: number;
}

/** A user's trace as the one workload (--workload then has no meaning), or undefined for the bundled ones. */
function userOrBundled(scenario: ScenarioOptions): Workload[] | undefined {
  const { trace } = scenario;
  if (!trace) return undefined;
  if (scenario.workload !== undefined)
    throw new ConfigError('compare --scenario sponge', [
      { path: '--workload', value: scenario.workload, message: 'give either --workload or a trace file, not both' },
    ]);
  return [{ name: trace.name, description: trace.description, arrivals: trace.arrivals }];
}

/**
 * `infscale compare --scenario sponge [--workload constant-10|constant-20|twitter|all]`: Sponge, Sponge
 * with the Oracle forecaster, a horizontal autoscaler (HPA over 1-core pods), VPA InPlaceOrRecreate
 * and Recreate, and a static 16-core pod, on the same seeded arrivals and the same per-request
 * budgets (SLO − the upload time of one image over the 4G bandwidth trace in the second it is sent).
 */
export function spongeComparison(options: SpongeComparisonOptions = {}): Scenario {
  const imageBytes = options.imageBytes ?? SPONGE_IMAGE_BYTES;
  return {
    name: 'sponge',
    description: 'Sponge (in-place vertical + EDF) vs horizontal scaling, VPA and static 16 cores on 4G-delayed requests',
    windows: [],
    // No upscaleCheck: Sponge decides every second, there is nothing between decisions to check.
    reads: ['workload'],
    async run(scenario, progress) {
      const own = profileFor(scenario.profile, 'sponge');
      const model = own?.model ?? loadLatencyFits()[0];
      if (!model) throw new Error('no bundled Sponge latency fit');
      const sloMs = options.sloMs ?? own?.sloMs ?? 1000;
      const delays = networkDelaysMs(loadBandwidthTrace(), imageBytes);
      const systems = spongeSystems(model, sloMs);
      const workloads = userOrBundled(scenario) ?? spongeWorkloads(scenario.workload, scenario.seed, options.durationS);
      const totalS = workloads.reduce((n, w) => n + w.arrivals.length, 0) * systems.length;
      progress.start(totalS, 'sponge');
      const results: ComparisonResult[] = [];
      for (const workload of workloads) {
        const runs: SpongeRunOutput[] = [];
        for (const system of systems) {
          let doneS = 0;
          const input = { model, arrivals: workload.arrivals, networkDelayMs: delays, sloMs, seed: scenario.seed, intervalS: options.intervalS ?? 10 };
          runs.push(
            await runSpongeSystem(system, input, (doneMs) => {
              const now = Math.floor(doneMs / 1000);
              progress.tick(now - doneS);
              doneS = now;
            }),
          );
        }
        const minDelay = Math.min(...delays);
        const maxDelay = Math.max(...delays);
        const notes = [
          `workload: ${workload.description}`,
          `budgets: SLO ${sloMs} ms − upload of ${imageBytes} bytes over the 4G trace (${minDelay.toFixed(0)}–${maxDelay.toFixed(0)} ms of delay)`,
          `model: ${own ? `${scenario.profile!.file}'s latency model` : 'ResNet18 latency fit'} l(b,c) = ${model.gamma}·b/c + ${model.delta}·b + ${model.epsilon}/c + ${model.eta} ms; node 16 cores`,
          'sponge: EDF proxy (drops requests that cannot make their deadline), in-place resize every 1 s; baselines behind a plain Service (pod FIFO, batch 1)',
          `twitter workload = the "${SPONGE_TWITTER_WINDOW}" window`,
          'objective = mean cores (Sponge minimizes cores subject to every deadline; the constraint is the violation column)',
        ].join('\n');
        results.push({ scenario: 'sponge', window: workload.name, rows: runs.map((r) => r.row), sections: spongeSections(runs, notes) });
      }
      return results;
    },
  };
}
