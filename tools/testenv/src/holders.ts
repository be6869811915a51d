import fs from 'node:fs';
import path from 'node:path';
import { isRunning, startTicks, type RunningProcess } from './processes';

/**
 * Who holds a control plane: test runs (a Jest process, `npm test`) register while they use it, so
 * that the last of them stops one that a test run started, and none stops it under another, or
 * stops one a developer started with `up`. Pure file bookkeeping in the state directory; the
 * caller holds the state directory's lock.
 */
const holdersDir = (stateDir: string) => path.join(stateDir, 'holders');
const startedForTests = (stateDir: string) => path.join(stateDir, 'started-for-tests');

/** Registers process `pid` as a holder; `started`: this hold started the control plane (then the last holder stops it). */
export function addHolder(stateDir: string, pid: number, started: boolean): void {
  fs.mkdirSync(holdersDir(stateDir), { recursive: true });
  const holder: RunningProcess = { name: `holder-${pid}`, pid, startTicks: startTicks(pid), log: '' };
  fs.writeFileSync(path.join(holdersDir(stateDir), String(pid)), JSON.stringify(holder));
  if (started) fs.writeFileSync(startedForTests(stateDir), String(pid));
}

/** Holders still alive (dead ones, e.g. a Jest run killed midway, are forgotten). */
export function liveHolders(stateDir: string): number[] {
  let files: string[];
  try {
    files = fs.readdirSync(holdersDir(stateDir));
  } catch {
    return [];
  }
  const alive: number[] = [];
  for (const file of files) {
    const full = path.join(holdersDir(stateDir), file);
    try {
      const holder = JSON.parse(fs.readFileSync(full, 'utf8')) as RunningProcess;
      if (isRunning(holder)) alive.push(holder.pid);
      else fs.rmSync(full, { force: true });
    } catch {
      fs.rmSync(full, { force: true });
    }
  }
  return alive.sort((a, b) => a - b);
}

/** Removes holder `pid`; true when the control plane should now stop: a test run started it and nobody holds it any more. */
export function removeHolder(stateDir: string, pid: number): boolean {
  fs.rmSync(path.join(holdersDir(stateDir), String(pid)), { force: true });
  return fs.existsSync(startedForTests(stateDir)) && liveHolders(stateDir).length === 0;
}
