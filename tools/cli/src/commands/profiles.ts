import type { Command } from 'commander';
import {
  SPONGE_PROFILES,
  TRACE_WINDOWS,
  loadInfAdapterProfiles,
  loadIpaPipelines,
  loadLatencyFits,
  loadSpongeProfile,
  profiledCapacityRps,
  type SpongeProfileName,
} from '@infscale/profiles';
import type { Io } from '../program';
import { formatTable } from '../table';

/** A summary of every bundled profile, for people (tables) or machines (--json). */
export function profilesSummary() {
  const inf = loadInfAdapterProfiles();
  const ipa = loadIpaPipelines();
  const fits = loadLatencyFits();
  return {
    infadapter: inf.variants.map((v) => ({
      variant: v.name,
      accuracy: v.accuracy,
      loadTimeS: v.loadTimeS,
      capacityRpsAt20CoresSlo750: profiledCapacityRps(v, 20, 750),
    })),
    ipa: ipa.map((p) => ({
      pipeline: p.name,
      slaMs: Math.round(p.slaMs),
      stages: p.stages.map((s) => ({
        stage: s.name,
        task: s.task,
        variants: s.variants.map((v) => v.name),
        batches: [...new Set(s.variants.flatMap((v) => v.points.map((pt) => pt.batch)))],
      })),
    })),
    sponge: (Object.keys(SPONGE_PROFILES) as SpongeProfileName[]).map((name) => {
      const pts = loadSpongeProfile(name);
      return { profile: name, points: pts.length, cores: [...new Set(pts.map((p) => p.cores))], batches: [...new Set(pts.map((p) => p.batch))] };
    }),
    latencyFit: { gamma: fits[0].gamma, delta: fits[0].delta, epsilon: fits[0].epsilon, eta: fits[0].eta, data: fits[0].data },
    traces: [
      { name: 'twitter', description: 'Twitter 2021-08 per-second trace, ~22 days (infscale trace show twitter)' },
      ...Object.values(TRACE_WINDOWS).map((w) => ({ name: w.name, description: w.description })),
    ],
  };
}

export function registerProfiles(program: Command, io: Io): void {
  const profiles = program.command('profiles').description('Inspect the bundled model profiles (InfAdapter, IPA, Sponge) and traces');
  profiles
    .command('list')
    .description('List the bundled profiles: variants, accuracies, capacities, pipelines, latency fits and trace windows')
    .option('--json', 'print one JSON object instead of tables')
    .action((opts: { json?: boolean }) => {
      const s = profilesSummary();
      if (opts.json) return io.out(JSON.stringify(s));
      io.out('InfAdapter variants (image classification, TF-Serving on CPU, batch 1)');
      io.out(
        formatTable(
          ['variant', 'top-1 accuracy', 'load time s', 'capacity req/s @20 cores, SLO 750 ms'],
          s.infadapter.map((v) => [v.variant, v.accuracy, v.loadTimeS ?? '-', v.capacityRpsAt20CoresSlo750 ?? '-']),
        ),
      );
      io.out('\nIPA pipelines (profiles at the base CPU allocation)');
      io.out(
        formatTable(
          ['pipeline', 'SLA ms', 'stage', 'variants', 'batches'],
          s.ipa.flatMap((p) =>
            p.stages.map((st, i) => [
              i === 0 ? p.pipeline : '',
              i === 0 ? p.slaMs : '',
              st.stage,
              st.variants.length <= 2 ? st.variants.join(' ') : `${st.variants.length}: ${st.variants[0]} … ${st.variants[st.variants.length - 1]}`,
              st.batches.join(','),
            ]),
          ),
        ),
      );
      io.out('\nSponge latency profiles (p99 per batch × cores)');
      io.out(
        formatTable(
          ['profile', 'points', 'cores', 'batches'],
          s.sponge.map((p) => [p.profile, p.points, p.cores.join(','), p.batches.join(',')]),
        ),
      );
      io.out(
        `\nSponge latency model l(b,c) = γ·b/c + δ·b + ε/c + η: γ=${s.latencyFit.gamma.toFixed(3)} δ=${s.latencyFit.delta.toFixed(3)} ε=${s.latencyFit.epsilon.toFixed(3)} η=${s.latencyFit.eta.toFixed(3)} ms`,
      );
      io.out('\nTraces');
      io.out(
        formatTable(
          ['name', 'description'],
          s.traces.map((t) => [t.name, t.description]),
        ),
      );
    });
}
