import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addHolder, liveHolders, removeHolder } from './holders';

/** The pid of a process that has already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('holders of a control plane', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'testenv-holders-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the last holder of one a holder started stops it; an earlier one does not', () => {
    addHolder(dir, process.pid, true);
    addHolder(dir, process.ppid, false);
    expect(liveHolders(dir)).toEqual([process.pid, process.ppid].sort((a, b) => a - b));
    expect(removeHolder(dir, process.ppid)).toBe(false);
    expect(removeHolder(dir, process.pid)).toBe(true);
  });

  it("never stops one nobody holding it started (a developer's `up`)", () => {
    addHolder(dir, process.pid, false);
    expect(removeHolder(dir, process.pid)).toBe(false);
  });

  it('forgets a holder that died (a Jest run killed midway)', () => {
    addHolder(dir, deadPid(), true);
    addHolder(dir, process.pid, false);
    expect(liveHolders(dir)).toEqual([process.pid]);
    expect(removeHolder(dir, process.pid)).toBe(true);
  });
});
