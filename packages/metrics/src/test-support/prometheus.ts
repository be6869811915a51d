import { errorMessage } from '@infscale/core';
/**
 * Test harness: a REAL Prometheus (Debian's `prometheus` binary) on 127.0.0.1, scraping the given
 * targets every second, with its own free port and temporary storage. Reused by other packages'
 * end-to-end tests; start one per test file (each start costs ~5 s until targets are up).
 *
 *   const prom = await startPrometheus({ targets: [{ url: 'http://127.0.0.1:1234/metrics', labels: { namespace: 'ns' } }] });
 *   … prom.url …
 *   await prom.stop();
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ScrapeTarget {
  /** Full URL of a metrics endpoint on 127.0.0.1, e.g. http://127.0.0.1:4321/metrics. */
  url: string;
  /** Target labels Prometheus adds to every series (e.g. namespace, pod), as Kubernetes SD would. */
  labels?: Record<string, string>;
  /** Job name; defaults to target-<index>. */
  job?: string;
}

export interface StartPrometheusOptions {
  targets: ScrapeTarget[];
  scrapeIntervalSeconds?: number;
  /** How long to wait for every target to be up. */
  startTimeoutMs?: number;
  /**
   * OpenMetrics text turned into TSDB blocks (Debian's promtool) before Prometheus starts: history
   * of any length in seconds, e.g. a day of a trace at 1 s, without waiting for scrapes.
   */
  backfillOpenMetrics?: string;
  /** --storage.tsdb.retention.time; default 1h, or 3650d with a backfill (old blocks are kept). */
  retention?: string;
}

export interface RunningPrometheus {
  /** http://127.0.0.1:<port>, the serverAddress for PrometheusSource. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Instant query; returns each series' labels and value (NaN kept). Throws on an API error. */
  query(promql: string): Promise<Array<{ labels: Record<string, string>; value: number }>>;
  /** Polls `promql` until `accept` holds for its values (e.g. the first non-empty rate()). */
  waitFor(promql: string, accept: (values: number[]) => boolean, timeoutMs?: number): Promise<number[]>;
  /** SIGTERM to the process this harness started (SIGKILL after 5 s), then removes its storage. */
  stop(): Promise<void>;
}

/** The binary, or an error that says how to get it. */
export function prometheusBinary(): string {
  const found = spawnSync('sh', ['-c', 'command -v prometheus'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  if (found.status !== 0 || path === '') {
    throw new Error('prometheus is not installed: run scripts/ensure-test-deps.sh (apt-get install -y --no-install-recommends prometheus)');
  }
  return path;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function getJson(url: string, timeoutMs = 2_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch {
          reject(new Error(`${url}: HTTP ${res.statusCode}, not JSON: ${body.slice(0, 200)}`));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: timed out`)));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function configFor(targets: ScrapeTarget[], interval: number): string {
  const scrapeConfigs = targets.map((t, i) => {
    const url = new URL(t.url);
    if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw new Error(`target ${t.url} is not on loopback`);
    return {
      job_name: t.job ?? `target-${i}`,
      scheme: url.protocol.replace(':', ''),
      metrics_path: url.pathname,
      static_configs: [{ targets: [url.host], labels: t.labels ?? {} }],
    };
  });
  // JSON is YAML: no YAML writer needed.
  return JSON.stringify({
    global: { scrape_interval: `${interval}s`, scrape_timeout: `${interval}s`, evaluation_interval: `${interval}s` },
    scrape_configs: scrapeConfigs,
  });
}

interface TargetsAnswer {
  data?: { activeTargets?: Array<{ health?: string; scrapeUrl?: string; lastError?: string }> };
}

async function targetsUp(url: string, expected: number): Promise<{ up: boolean; detail: string }> {
  const answer = (await getJson(`${url}/api/v1/targets?state=active`)) as TargetsAnswer;
  const active = answer.data?.activeTargets ?? [];
  const down = active.filter((t) => t.health !== 'up');
  const detail = down.map((t) => `${t.scrapeUrl}: ${t.health} ${t.lastError ?? ''}`).join('; ');
  return { up: active.length === expected && down.length === 0, detail: detail || `${active.length}/${expected} targets known` };
}

async function backfill(openMetrics: string, dir: string): Promise<void> {
  const input = join(dir, 'backfill.om');
  await writeFile(input, openMetrics.endsWith('# EOF\n') ? openMetrics : `${openMetrics}# EOF\n`);
  const found = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' });
  const promtool = found.stdout.trim() || 'promtool';
  const run = spawnSync(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', input, join(dir, 'data')], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`promtool backfill failed (${run.status}): ${run.stderr || run.error?.message}`);
  await rm(input);
}

export async function startPrometheus(options: StartPrometheusOptions): Promise<RunningPrometheus> {
  const binary = prometheusBinary();
  const interval = options.scrapeIntervalSeconds ?? 1;
  const dir = await mkdtemp(join(tmpdir(), 'infscale-prometheus-'));
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(configFile, configFor(options.targets, interval));
  if (options.backfillOpenMetrics !== undefined) await backfill(options.backfillOpenMetrics, dir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--storage.tsdb.retention.time=${options.retention ?? (options.backfillOpenMetrics !== undefined ? '3650d' : '1h')}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));

  const stop = async () => {
    if (!exited && child.pid !== undefined) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exit;
      clearTimeout(killer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  let last = 'not started';
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`prometheus exited during start: ${stderr}`);
    }
    try {
      const state = await targetsUp(url, options.targets.length);
      if (state.up) break;
      last = state.detail;
    } catch (err) {
      last = errorMessage(err);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus targets not up in time: ${last}; stderr: ${stderr}`);
    }
    await sleep(250);
  }

  const query = async (promql: string) => {
    const answer = (await getJson(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`)) as {
      status: string;
      error?: string;
      data?: { result?: Array<{ metric: Record<string, string>; value: [number, string] }> };
    };
    if (answer.status !== 'success') throw new Error(`query ${promql} failed: ${answer.error}`);
    return (answer.data?.result ?? []).map((r) => ({ labels: r.metric, value: parseFloat(r.value[1]) }));
  };

  const waitFor = async (promql: string, accept: (values: number[]) => boolean, timeoutMs = 20_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const values = (await query(promql)).map((r) => r.value);
      if (accept(values)) return values;
      if (Date.now() > until) throw new Error(`waitFor(${promql}) gave up; last values ${JSON.stringify(values)}`);
      await sleep(250);
    }
  };

  return { url, port, pid: child.pid ?? -1, query, waitFor, stop };
}
