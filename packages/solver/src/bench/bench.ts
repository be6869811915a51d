/* Benchmark: p50/p99 solve ms per formulation, size and backend, and agreement with the oracle. */
import { loadInfAdapterProfiles } from '@infscale/profiles';
import { loadMilpBackends } from '../lp/load';
import { mulberry32 } from '@infscale/core';
import { sameObjective, type BackendName, type SolveResult } from '../result';
import type { SolveOptions } from '../options';
import { solveInfAdapter } from '../infadapter/solve';
import { infAdapterProblemFromProfiles } from '../infadapter/from-profiles';
import { randomInfAdapterProblem } from '../infadapter/synthetic';
import { solveIpa } from '../ipa/solve';
import { randomIpaProblem } from '../ipa/synthetic';
import { solveSponge } from '../sponge/solve';
import { randomSpongeProblem } from '../sponge/synthetic';

const now = (): number => performance.now();

interface Case<P> {
  formulation: string;
  size: string;
  problems: P[];
  solve: (p: P, o: SolveOptions) => SolveResult<unknown>;
  backends: BackendName[];
  oracle: boolean;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
}

async function main(): Promise<void> {
  const milp = await loadMilpBackends(now);
  const rand = mulberry32(2024);
  const profiles = loadInfAdapterProfiles();
  const paper = Array.from({ length: 40 }, (_, i) => {
    const b = infAdapterProblemFromProfiles(profiles, { loadRps: 20 + i * 10 });
    if ('error' in b) throw new Error(b.error);
    return b.problem;
  });
  const all = ['search', 'glpk', 'highs', 'jsl'] as BackendName[];
  const ipa = (stages: number, variants: number, n: number) =>
    Array.from({ length: n }, () => ({ ...randomIpaProblem(rand, stages, variants), mode: { kind: 'ipa' as const } }));
  const cases: Case<never>[] = [
    {
      formulation: 'infadapter',
      size: 'small (oracle)',
      problems: Array.from({ length: 40 }, () => randomInfAdapterProblem(rand)),
      solve: solveInfAdapter,
      backends: all,
      oracle: true,
    },
    { formulation: 'infadapter', size: 'paper 5 variants, 20 cores', problems: paper, solve: solveInfAdapter, backends: all, oracle: false },
    { formulation: 'ipa', size: '1x1', problems: ipa(1, 1, 40), solve: solveIpa, backends: all, oracle: true },
    { formulation: 'ipa', size: '3x5', problems: ipa(3, 5, 40), solve: solveIpa, backends: all, oracle: true },
    { formulation: 'ipa', size: '5x5', problems: ipa(5, 5, 20), solve: solveIpa, backends: ['search', 'glpk', 'highs'], oracle: false },
    { formulation: 'ipa', size: '9x9', problems: ipa(9, 9, 10), solve: solveIpa, backends: ['search', 'glpk', 'highs'], oracle: false },
    { formulation: 'ipa', size: '10x10', problems: ipa(10, 10, 10), solve: solveIpa, backends: ['search', 'glpk', 'highs'], oracle: false },
    {
      formulation: 'sponge',
      size: '16x16',
      problems: Array.from({ length: 40 }, () => randomSpongeProblem(rand)),
      solve: solveSponge,
      backends: all,
      oracle: true,
    },
  ] as unknown as Case<never>[];
  const rows: string[] = [];
  const header = `${'formulation'.padEnd(11)} ${'size'.padEnd(27)} ${'backend'.padEnd(8)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)}  agrees`;
  for (const c of cases) {
    const reference = c.problems.map((p) => (c.oracle ? c.solve(p, { backend: 'enumerate' }) : c.solve(p, { backend: 'search' })));
    for (const backend of c.backends) {
      const times: number[] = [];
      let agree = 0;
      let firstMismatch = '';
      c.solve(c.problems[0]!, { backend, milp, now }); // warm-up: JIT and WebAssembly first-call costs
      for (const [i, p] of c.problems.entries()) {
        const r = c.solve(p, { backend, milp, now });
        if ('solveMs' in r) times.push(r.solveMs);
        const ref = reference[i]!;
        if (r.status === ref.status && (r.status !== 'optimal' || (ref.status === 'optimal' && sameObjective(r.objective, ref.objective)))) agree++;
        else if (!firstMismatch)
          firstMismatch = `#${i}: ${r.status}${'reason' in r ? ' ' + r.reason : ''}${r.status === 'optimal' ? ' ' + r.objective : ''} vs ${ref.status === 'optimal' ? ref.objective : ref.status}`;
      }
      const vs = c.oracle ? 'oracle' : 'search';
      const line = {
        formulation: c.formulation,
        size: c.size,
        backend,
        n: c.problems.length,
        p50Ms: +quantile(times, 0.5).toFixed(3),
        p99Ms: +quantile(times, 0.99).toFixed(3),
        agreesWith: vs,
        agreed: agree,
        ...(firstMismatch ? { firstMismatch } : {}),
      };
      console.log(JSON.stringify(line));
      rows.push(
        `${c.formulation.padEnd(11)} ${c.size.padEnd(27)} ${backend.padEnd(8)} ${line.p50Ms.toFixed(3).padStart(9)} ${line.p99Ms.toFixed(3).padStart(9)}  ${agree}/${c.problems.length} vs ${vs}`,
      );
    }
  }
  console.log(['', header, ...rows].join('\n'));
}

void main();
