import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * The built CLI as its users run it, in processes of their own (tests run after their dependencies
 * build; the CLI's dist is built with them): load and the server it measures do not share an event
 * loop with each other or with the test.
 */
export const CLI = join(__dirname, '..', '..', 'bin', 'infscale.js');

/** An emulator in a process of its own: its timers do not share an event loop with the load it serves. */
export interface EmulatorProcess {
  url: string;
  /** Its admin port's base URL (POST /admin/config). */
  adminUrl: string;
  stop(): Promise<void>;
}

/** Starts `infscale emulator` with the given flags on free ports (traffic and admin); resolves with its URLs once it logs ready. */
export function startEmulatorProcess(args: string[]): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [CLI, 'emulator', '--port', '0', '--admin-port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const early = (code: number | null) => reject(new Error(`infscale emulator exited (${code}) before it was ready: ${err}`));
    child.once('exit', early);
    const onData = (c: Buffer): void => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.includes('"event":"ready"'));
      if (!line) return;
      child.stdout.off('data', onData);
      child.stdout.resume();
      child.off('exit', early);
      const ready = JSON.parse(line) as { url: string; adminUrl: string };
      resolve({
        url: ready.url,
        adminUrl: ready.adminUrl,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            // SIGTERM lets it close; one that has not within 5 s is killed.
            const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout.on('data', onData);
  });
}

/** Runs `infscale <args>` to its end (in `cwd`, default the test's): exit code, stdout and stderr. */
export function runCliProcess(args: string[], timeoutMs: number, cwd?: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: timeoutMs, maxBuffer: 64 << 20, ...(cwd ? { cwd } : {}) }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, out: stdout, err: stderr });
    });
  });
}
