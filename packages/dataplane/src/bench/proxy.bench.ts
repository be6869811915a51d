/**
 * Dispatcher proxy on loopback: added p99 latency vs calling the upstream directly at 2 k req/s
 * (direct and proxied phases alternate in one run, so both see the same machine), and the most
 * req/s one proxy process sustains. The proxy runs in its own process (one event loop: one core);
 * BENCH_PIN=1 pins it to core 1 and the rest to core 0 with taskset. Run: npm run bench -w @infscale/dataplane (after build). Bounded: ~25 s.
 * Also reported: the proxy's CPU time per request, from which one core's capacity follows even when
 * other work on the machine disturbs the latency figures (the load average is printed with them).
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import * as http from 'node:http';
import * as os from 'node:os';
import { runBenchChild } from './bench-child';
import { closedLoop, type LoadResult, openLoop, percentile } from './load-generator';

const RATE = 2000;
const PHASE_S = 1;
const ROUNDS = 6;
const MAX_CONCURRENCY = 32;
const MAX_S = 3;
const TARGET_ADDED_P99_MS = 1;

interface Child {
  process: ChildProcess;
  url: string;
}

function startChild(args: string[], core?: number): Promise<Child> {
  const child = fork(__filename, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  if (core !== undefined) pin(child.pid as number, core);
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ process: child, url: (m as { url: string }).url }));
    child.once('exit', (code) => reject(new Error(`bench child ${args[0]} exited with ${code}`)));
  });
}

function pin(pid: number, core: number): boolean {
  try {
    execFileSync('taskset', ['-cp', String(core), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function cpuUs(child: Child): Promise<number> {
  return new Promise((resolve) => {
    child.process.once('message', (m) => resolve((m as { cpuUs: number }).cpuUs));
    child.process.send('cpu');
  });
}

function summary(name: string, target: string, r: LoadResult): Record<string, unknown> {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    case: name,
    target,
    requests: r.sent,
    errors: r.errors,
    rps: Math.round(r.ok / r.elapsedS),
    p50Ms: round(percentile(r.latenciesMs, 50)),
    p99Ms: round(percentile(r.latenciesMs, 99)),
    maxMs: round(Math.max(...r.latenciesMs)),
  };
}

async function main(): Promise<void> {
  const cores = Number(execFileSync('nproc').toString().trim());
  // Pinning gives the proxy a core of its own on a quiet machine, but starves it on a busy one.
  const pinned = process.env.BENCH_PIN === '1' && cores >= 2 && pin(process.pid, 0);
  const upstream = await startChild(['upstream'], pinned ? 0 : undefined);
  const proxy = await startChild(['proxy', upstream.url], pinned ? 1 : undefined);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const targets = { direct: upstream.url, proxy: proxy.url };
  const lines: Record<string, unknown>[] = [];
  try {
    for (const url of Object.values(targets)) await openLoop(url, RATE, 0.5, agent); // warm-up (JIT, sockets)
    const latencies: Record<string, LoadResult[]> = { direct: [], proxy: [] };
    let proxyCpuUs = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, url] of Object.entries(targets)) {
        const before = name === 'proxy' ? await cpuUs(proxy) : 0;
        latencies[name].push(await openLoop(url, RATE, PHASE_S, agent));
        if (name === 'proxy') proxyCpuUs += (await cpuUs(proxy)) - before;
      }
    }
    const merged = (name: string): LoadResult => {
      const runs = latencies[name];
      return {
        sent: runs.reduce((s, r) => s + r.sent, 0),
        ok: runs.reduce((s, r) => s + r.ok, 0),
        errors: runs.reduce((s, r) => s + r.errors, 0),
        latenciesMs: runs.flatMap((r) => r.latenciesMs),
        elapsedS: runs.reduce((s, r) => s + r.elapsedS, 0),
      };
    };
    const direct = summary(`latency@${RATE}rps`, 'direct', merged('direct'));
    const proxied = summary(`latency@${RATE}rps`, 'proxy', merged('proxy'));
    // CPU per request is what one core's capacity follows from, and it holds up on a busy machine.
    proxied.proxyCpuUsPerReq = Math.round(proxyCpuUs / (proxied.requests as number));
    proxied.oneCoreRpsFromCpu = Math.round(1e6 / (proxied.proxyCpuUsPerReq as number));
    const addedP99 = Math.round(((proxied.p99Ms as number) - (direct.p99Ms as number)) * 1000) / 1000;
    const addedP50 = Math.round(((proxied.p50Ms as number) - (direct.p50Ms as number)) * 1000) / 1000;
    lines.push(direct, proxied, { case: `added@${RATE}rps`, target: 'proxy-direct', addedP50Ms: addedP50, addedP99Ms: addedP99, targetMs: TARGET_ADDED_P99_MS, pass: addedP99 < TARGET_ADDED_P99_MS });

    for (const [name, url] of Object.entries(targets)) {
      const before = name === 'proxy' ? await cpuUs(proxy) : 0;
      const result = await closedLoop(url, MAX_CONCURRENCY, MAX_S, agent);
      const line = summary('max-throughput', name, result);
      if (name === 'proxy') {
        const busy = (await cpuUs(proxy)) - before;
        line.proxyCpuPct = Math.round((busy / 1e6 / result.elapsedS) * 100);
      }
      lines.push(line);
    }
  } finally {
    agent.destroy();
    for (const child of [proxy, upstream]) child.process.send('stop');
  }
  const loadAvg1m = Math.round(os.loadavg()[0] * 100) / 100;
  printTable(lines, pinned, loadAvg1m, cores);
  for (const line of lines) console.log(JSON.stringify({ bench: 'dispatcher-proxy', pinned, loadAvg1m, ...line }));
}

function printTable(lines: Record<string, unknown>[], pinned: boolean, loadAvg1m: number, cores: number): void {
  const placement = pinned ? 'proxy pinned to core 1, load generator + upstream on core 0' : 'not pinned';
  console.log(`dispatcher proxy on loopback (${placement}; ${cores} cores, load average ${loadAvg1m})`);
  const columns = ['case', 'target', 'requests', 'errors', 'rps', 'p50Ms', 'p99Ms', 'maxMs', 'addedP50Ms', 'addedP99Ms', 'pass', 'proxyCpuPct', 'proxyCpuUsPerReq', 'oneCoreRpsFromCpu'];
  const cell = (v: unknown) => (v === undefined ? '' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...lines.map((l) => cell(l[c]).length)));
  const row = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ');
  console.log(row(columns));
  for (const line of lines) console.log(row(columns.map((c) => cell(line[c]))));
}

const [role, upstreamUrl] = process.argv.slice(2);
if (role === 'upstream' || role === 'proxy') void runBenchChild(role, upstreamUrl);
else
  main().catch((err: Error) => {
    console.error(err);
    process.exit(1);
  });
