import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startPrometheus, type RunningPrometheus } from '@infscale/metrics/testing';
import { infAdapterProfilesOf, loadProfileFile, loadTwitterTrace } from '@infscale/profiles';
import { helmBinary, helmSync } from '@infscale/kube/testing';
import { runCliProcess, startEmulatorProcess, type EmulatorProcess } from './test-support/cli-process';

/*
 * README "Your own model in ten minutes", line by line: the block after the `walkthrough` marker is
 * parsed and run, so the walk-through cannot drift from what works. The test gives the lines its own
 * ports (the emulators listen on free ports; $SMALL, $LARGE, $PROMETHEUS point at them), a temporary
 * folder for the files and shorter probes (accuracy is profile.e2e.test.ts's business); `helm template`
 * is the pinned helm (tools/testenv), piped into the built app as the README pipes it. Prometheus is real, backfilled with two hours of the emulator's request counter.
 */
const REPO = join(__dirname, '..', '..', '..');
const QUICK_PROBES = ['--probe-seconds', '2', '--warmup-seconds', '1', '--bracket-seconds', '1', '--tolerance', '0.1'];

/** The walk-through's lines: the fenced block after the marker, one command per line. */
function walkthroughLines(): string[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const at = readme.indexOf('<!-- walkthrough:');
  if (at < 0) throw new Error('README.md has no walkthrough marker');
  const block = /```sh\n([\s\S]*?)\n```/.exec(readme.slice(at));
  if (!block) throw new Error('no ```sh block after the walkthrough marker');
  return block[1]!
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** Shell words: whitespace-separated, single quotes kept together (the README uses nothing else). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/** `infscale …` arguments of a line with $VARS replaced. */
function substitute(args: string[], vars: Record<string, string>): string[] {
  return args.map((a) =>
    a.replace(/\$([A-Z_]+)/g, (_, name: string) => {
      const value = vars[name];
      if (value === undefined) throw new Error(`the walk-through uses $${name}, which it does not set`);
      return value;
    }),
  );
}

/** POST a JSON body, as the walk-through's curl does; resolves with the status. */
function post(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `node apps/infadapter/dist/main.js --validate -c -` with the stream on stdin. */
function validate(args: string[], stdin: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
    child.stdin.end(stdin);
  });
}

/** `helm template …` with the pinned helm, from the repository root as the README runs it; -f files are the test's. */
function helmTemplate(args: string[], cwd: string): string {
  const files = args.slice(1).map((a, i, all) => (all[i - 1] === '-f' ? join(cwd, a) : a));
  const home = mkdtempSync(join(tmpdir(), 'infscale-helm-'));
  try {
    return helmSync({ helm: helmBinary(), stateDir: home, adminKubeconfig: '/dev/null' }, files, { cwd: REPO }).stdout;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

describe('README: your own model in ten minutes', () => {
  let dir: string;
  let prometheus: RunningPrometheus;
  const emulators: EmulatorProcess[] = [];
  const recorded = { from: 0, to: 0 };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'infscale-walkthrough-'));
    // Two hours of the emulator's counter, as a Prometheus that scraped it would hold them: the
    // Twitter trace's load, doubled, one sample per second, ending 50 minutes ago.
    const end = Math.floor(Date.now() / 1000) - 50 * 60;
    const start = end - 2 * 3600 - 600;
    const trace = loadTwitterTrace().subarray(1_000_000, 1_000_000 + (end - start));
    const lines = ['# TYPE infscale_model_requests counter'];
    let total = 0;
    for (let i = 0; i < trace.length; i++) {
      total += 2 * trace[i]!;
      lines.push(`infscale_model_requests_total{variant="small"} ${total} ${start + i}`);
    }
    Object.assign(recorded, { from: start, to: end });
    prometheus = await startPrometheus({ targets: [], backfillOpenMetrics: lines.join('\n') + '\n' });
    writeFileSync(
      join(dir, 'my-values.yaml'),
      stringify({ prometheus: { serverAddress: prometheus.url }, image: { repository: 'registry.example.com/infscale/infadapter', tag: '0.1.0' } }),
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(emulators.map((e) => e.stop()));
    await prometheus?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('runs every line: emulators, profiles, a recorded trace, the comparison and the chart with the profile', async () => {
    const vars: Record<string, string> = {};
    const outputs: Record<string, string> = {};
    for (const line of walkthroughLines()) {
      const w = words(line.replace(/\s*&$/, ''));
      if (w.every((x) => /^[A-Z_]+=/.test(x))) {
        // The variables: ports as the README has them; the test's own servers replace them below.
        for (const x of w) vars[x.slice(0, x.indexOf('='))] = x.slice(x.indexOf('=') + 1);
        vars.PROMETHEUS = prometheus.url;
      } else if (w[0] === 'npx' && w[1] === 'infscale' && w[2] === 'emulator') {
        // Its ports are the test's (free ones); the variables that name the README's ports point at them.
        const ports = ['--port', '--admin-port'];
        const port = w[w.indexOf('--port') + 1];
        const adminPort = w[w.indexOf('--admin-port') + 1];
        const flags = w.slice(3).filter((_, i, all) => !ports.includes(all[i]!) && !ports.includes(all[i - 1]!));
        const emulator = await startEmulatorProcess(flags);
        emulators.push(emulator);
        const named = (p: string | undefined) => Object.keys(vars).find((k) => vars[k]!.endsWith(`:${p}`));
        const name = named(port);
        if (!name) throw new Error(`no variable names the emulator on port ${port}`);
        vars[name] = emulator.url;
        const adminName = named(adminPort);
        if (adminName) vars[adminName] = emulator.adminUrl;
      } else if (w[0] === 'curl') {
        const url = substitute([w.find((x) => x.startsWith('$') || x.includes('://'))!], vars)[0]!;
        expect(await post(url, w[w.indexOf('-d') + 1]!)).toBe(200);
      } else if (w[0] === 'npx' && w[1] === 'infscale') {
        const args = substitute(w.slice(2), vars);
        const run = await runCliProcess(args[0] === 'profile' ? [...args, ...QUICK_PROBES] : args, 240_000, dir);
        expect({ line, code: run.code, err: run.code === 0 ? '' : run.err }).toEqual({ line, code: 0, err: '' });
        outputs[args[0] === 'trace' ? 'trace' : args[0]!] = run.out;
      } else if (w[0] === 'helm' && w[1] === 'template') {
        const pipe = w.indexOf('|');
        const stream = helmTemplate(w.slice(0, pipe), dir);
        const run = await validate(w.slice(pipe + 2), stream);
        expect({ code: run.code, err: run.err }).toEqual({ code: 0, err: '' });
        outputs.validate = run.out;
      } else {
        throw new Error(`the walk-through test does not know how to run: ${line}`);
      }
    }

    // The profile: small at 2 and 4 cores, large at 4, each a capacity that grows with the cores.
    const profiles = infAdapterProfilesOf(loadProfileFile(join(dir, 'my-profile.yaml')));
    const points = Object.fromEntries(profiles.variants.map((v) => [v.name, v.capacity!.map((p) => [p.cores, p.sloMs])]));
    expect(points).toEqual({
      small: [
        [2, 500],
        [4, 500],
      ],
      large: [[4, 500]],
    });
    const [small2, small4] = profiles.variants.find((v) => v.name === 'small')!.capacity!;
    expect(small4!.capacityRps).toBeGreaterThan(small2!.capacityRps);
    // The recorded trace: one hour at 1 s, the doubled counter's rate.
    const trace = readFileSync(join(dir, 'my-trace.csv'), 'utf8').trim().split('\n');
    expect(trace[0]).toBe('timestamp,rate');
    expect(trace.length).toBeGreaterThan(3500);
    // The comparison on them: the bundled table's shape, with VPA on each of the user's variants.
    expect(outputs.compare).toMatch(/^infadapter — my-trace\.csv/);
    for (const system of ['infadapter', 'ms-plus', 'vpa-small-OffApplied', 'vpa-large-OffApplied', 'infadapter-oracle', 'frontier'])
      expect(outputs.compare).toMatch(new RegExp(`\\n${system}\\s`));
    expect(outputs.compare).toMatch(/Targets\n\s+SLO violations: infadapter/);
    // The chart with the profile: the app reads the rendered config and accepts it.
    expect(outputs.validate).toMatch(/^stdin \(ConfigMap shop-scaler-config, key config\.yaml\): valid infadapter config: namespace shop/);
  }, 600_000);
});
