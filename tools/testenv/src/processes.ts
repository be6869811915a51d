import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** A process of the control plane as the state file records it. */
export interface RunningProcess {
  name: string;
  pid: number;
  /** Its start time in clock ticks since boot (/proc/<pid>/stat): tells it from a later process that got the same pid. */
  startTicks: string | null;
  log: string;
}

function procStat(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

export function startTicks(pid: number): string | null {
  return procStat(pid)?.[19] ?? null;
}

/** Starts a process detached from this one (it outlives it), stdout and stderr appended to `log`. */
export function startProcess(name: string, command: string, args: string[], log: string, env: NodeJS.ProcessEnv = process.env): RunningProcess {
  const fd = fs.openSync(log, 'a');
  try {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd], env });
    if (child.pid === undefined) throw new Error(`cannot start ${name} (${command}): spawn returned no pid`);
    child.unref();
    return { name, pid: child.pid, startTicks: startTicks(child.pid), log };
  } finally {
    fs.closeSync(fd);
  }
}

/** Alive and still the process we started (not a zombie, not a reused pid). */
export function isRunning(p: RunningProcess): boolean {
  const stat = procStat(p.pid);
  if (stat) return stat[0] !== 'Z' && (p.startTicks === null || stat[19] === p.startTicks);
  try {
    process.kill(p.pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. Only ever signals the recorded pid. */
export async function stopProcess(p: RunningProcess, graceMs = 10_000): Promise<void> {
  if (!isRunning(p)) return;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(p.pid, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isRunning(p) && Date.now() < deadline) await sleep(100);
  if (!isRunning(p)) return;
  signal('SIGKILL');
  while (isRunning(p)) await sleep(50);
}

/** The last `lines` lines of a log file, for error messages. */
export function tailLog(file: string, lines = 30): string {
  try {
    const text = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    return text.slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
