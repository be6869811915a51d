/**
 * A process of an end-to-end test (a scaler app, a proxy, an emulator, the load generator): started
 * with node, its output kept line by line, waited on for a line that says it is ready, and stopped by
 * its own pid only. Pause and resume (SIGSTOP/SIGCONT) freeze a process the way a long GC pause or a
 * partition would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { until } from '@infscale/kube/testing';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class Child {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<ChildExit>;
  private exit: ChildExit | undefined;

  private constructor(
    readonly name: string,
    private readonly process: ChildProcess,
  ) {
    const collect = (into: string[]) => {
      let partial = '';
      return (chunk: Buffer) => {
        const text = partial + chunk.toString('utf8');
        const lines = text.split('\n');
        partial = lines.pop() ?? '';
        into.push(...lines);
      };
    };
    process.stdout?.on('data', collect(this.stdout));
    process.stderr?.on('data', collect(this.stderr));
    this.exited = new Promise((resolve) => process.on('exit', (code, signal) => resolve((this.exit = { code, signal }))));
  }

  /** `node <script> <args>` with `env` added to this process's environment. */
  static node(name: string, script: string, args: string[], env: NodeJS.ProcessEnv = {}): Child {
    const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    return new Child(name, child);
  }

  get pid(): number {
    return this.process.pid!;
  }

  /** stdout's JSON lines (the apps log JSON; the proxies print a ready line). */
  json(): Record<string, unknown>[] {
    return this.stdout.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  /** Waits for a JSON line `match` accepts; fails early, with its stderr, if the process exits first. */
  async waitFor(what: string, match: (line: Record<string, unknown>) => boolean, timeoutMs = 30_000): Promise<Record<string, unknown>> {
    return until(
      `${this.name}: ${what}`,
      async () => {
        const found = this.json().find(match);
        if (found) return found;
        if (this.exit) throw new Error(`${this.name} exited (${this.exit.code ?? this.exit.signal}) before ${what}: ${this.stderr.slice(-5).join(' | ')}`);
        return undefined;
      },
      { timeoutMs, intervalMs: 50, describe: () => `${this.stdout.slice(-3).join(' | ')} ${this.stderr.slice(-3).join(' | ')}` },
    );
  }

  /** The ready line of a proxy or emulator: {"event":"ready","url":…} (a proxy's also has its adminUrl). */
  async ready(timeoutMs = 30_000): Promise<{ url: string; adminUrl?: string }> {
    const line = await this.waitFor('its ready line', (l) => l.event === 'ready' && typeof l.url === 'string', timeoutMs);
    return { url: String(line.url), ...(typeof line.adminUrl === 'string' ? { adminUrl: line.adminUrl } : {}) };
  }

  /** The URL of a proxy or emulator from its ready line. */
  async readyUrl(timeoutMs = 30_000): Promise<string> {
    return (await this.ready(timeoutMs)).url;
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.exit) this.process.kill(signal);
  }

  pause(): void {
    this.signal('SIGSTOP');
  }

  resume(): void {
    this.signal('SIGCONT');
  }

  /** SIGTERM (SIGCONT first, a stopped process cannot handle it), then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<ChildExit> {
    if (this.exit) return this.exit;
    this.resume();
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
