/**
 * npm run bench [-- --quick] (--quick skips the full 22-day trace): each case runs in its own process (so peak RSS is its own), with the real
 * ControllerLoop and an observe-only scaler every 30 s. Prints a table, then one JSON line per case.
 */
import { fork } from 'node:child_process';
import { FlagError, refuseUnknownFlags } from '@infscale/core';
import { runSimulation } from '../run';
import { BENCH_CASES, observingScaler } from './cases';

interface CaseResult {
  case: string;
  requests: number;
  simulatedS: number;
  wallS: number;
  requestsPerSecond: number;
  peakRssMb: number;
  sloViolationRate: number;
}

async function runCase(name: string): Promise<CaseResult> {
  const c = BENCH_CASES.find((x) => x.name === name);
  if (!c) throw new Error(`unknown case ${name}`);
  const config = c.build();
  const t0 = process.hrtime.bigint();
  const { summary } = await runSimulation({ config, scaler: observingScaler });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  return {
    case: name,
    requests: summary.arrived,
    simulatedS: summary.durationS,
    wallS,
    requestsPerSecond: summary.arrived / wallS,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    sloViolationRate: summary.sloViolationRate,
  };
}

function inChild(name: string): Promise<CaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--case', name], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (m) => resolve(m as CaseResult));
    child.on('exit', (code) => (code === 0 ? undefined : reject(new Error(`case ${name} exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--case');
  if (i >= 0) {
    const result = await runCase(process.argv[i + 1]);
    process.send?.(result);
    return;
  }
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(`npm run bench -w @infscale/sim -- [--quick]

Every case in a process of its own (the real ControllerLoop, an observe-only scaler every 30 s): a table, then one
JSON line per case.
  --quick   skip the whole 22-day trace`);
    return;
  }
  // --case is the parent's own call to a child; a user gives --quick or nothing.
  refuseUnknownFlags(process.argv.slice(2), { '--quick': 'switch' });
  const full = !process.argv.includes('--quick');
  const results: CaseResult[] = [];
  for (const c of BENCH_CASES) {
    if (c.name === 'twitter-full' && !full) continue;
    results.push(await inChild(c.name));
  }
  const pad = (s: string, n: number): string => s.padStart(n);
  console.log(['case'.padEnd(20), pad('requests', 11), pad('sim s', 9), pad('wall s', 7), pad('req/s', 10), pad('peak MB', 8)].join(' '));
  for (const r of results) {
    console.log(
      [
        r.case.padEnd(20),
        pad(String(r.requests), 11),
        pad(String(r.simulatedS), 9),
        pad(r.wallS.toFixed(2), 7),
        pad(Math.round(r.requestsPerSecond).toLocaleString('en'), 10),
        pad(r.peakRssMb.toFixed(0), 8),
      ].join(' '),
    );
  }
  const long = results.find((r) => r.case === 'twitter-3-days');
  if (long && !full) {
    const fullRequests = 120_774_326;
    console.log(
      `extrapolated full 22-day trace (${fullRequests.toLocaleString('en')} requests) at the 3-day rate: ${(fullRequests / long.requestsPerSecond).toFixed(0)} s`,
    );
  }
  for (const r of results) console.log(JSON.stringify(r));
}

main().catch((err) => {
  console.error(err instanceof FlagError ? err.message : err);
  process.exit(1);
});
