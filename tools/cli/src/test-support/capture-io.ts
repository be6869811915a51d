import { run, type Io } from '../program';

/** An Io that keeps what a command prints, for assertions. */
export function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

/** `infscale <args…>` run in this process: its exit code and what it printed, lines joined. */
export async function runCaptured(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const code = await run(['node', 'infscale', ...args], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}
