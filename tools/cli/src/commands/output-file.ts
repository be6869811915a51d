import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../program';
import { fileReason, withFileFlag } from './file-errors';

// Output paths are checked before a command starts its work (a run of minutes must not end on a
// path it could have refused at once), and a write that still fails is a UsageError naming the flag.

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** The folder must exist, be a folder and be writable. */
function checkFolder(flag: string, path: string, folder: string): void {
  const stats = statOrUndefined(folder);
  if (!stats) throw new UsageError(`${flag} ${path}: the folder ${folder} does not exist (create it first, or choose another path)`);
  if (!stats.isDirectory()) throw new UsageError(`${flag} ${path}: ${folder} is a file, not a folder`);
  try {
    accessSync(folder, constants.W_OK);
  } catch (err) {
    throw new UsageError(`${flag} ${path}: cannot write in ${folder}: ${fileReason(err)}`);
  }
}

export interface OutputFileCheck {
  /** The file may exist: it is replaced (with --force) or added to (profile's files). */
  replace?: boolean;
}

/**
 * Refuses an output file that cannot be written (its folder missing or not writable, the path a
 * folder), or that exists unless `replace` (--force): exit 2 naming the flag, before any work.
 */
export function checkOutputFile(flag: string, path: string, check: OutputFileCheck = {}): void {
  if (path === '') throw new UsageError(`${flag} needs a file name`);
  const stats = statOrUndefined(path);
  if (stats?.isDirectory()) throw new UsageError(`${flag} ${path}: it is a folder; name a file (e.g. ${path.replace(/\/+$/, '')}/out.csv)`);
  if (stats && !check.replace) throw new UsageError(`${path} exists: choose another ${flag} or pass --force to replace it`);
  checkFolder(flag, path, dirname(resolve(path)));
}

/**
 * Refuses an output folder that cannot be made: the path is a file, or its nearest existing
 * ancestor is not a writable folder (missing folders in between are created when it is written).
 */
export function checkOutputFolder(flag: string, path: string): void {
  if (path === '') throw new UsageError(`${flag} needs a folder name`);
  const stats = statOrUndefined(path);
  if (stats && !stats.isDirectory()) throw new UsageError(`${flag} ${path}: it is a file; name a folder (new, or one to write into)`);
  let folder = resolve(path);
  while (!existsSync(folder) && dirname(folder) !== folder) folder = dirname(folder);
  checkFolder(flag, path, folder);
}

/** Creates the output folder (and its parents), or a UsageError naming the flag. */
export function makeOutputFolder(flag: string, path: string): void {
  withFileFlag(flag, path, () => mkdirSync(path, { recursive: true }));
}

/**
 * Writes beside the target and renames: an interrupted run never leaves a half file under the
 * name, and a failed write leaves no `.partial` behind.
 */
export function writeOutputFile(flag: string, path: string, data: string | Uint8Array): void {
  const partial = `${path}.partial`;
  try {
    writeFileSync(partial, data);
    renameSync(partial, path);
  } catch (err) {
    try {
      rmSync(partial, { force: true });
    } catch {
      // a folder of that name is not ours to remove
    }
    throw new UsageError(`${flag} ${path}: cannot write: ${fileReason(err)}`);
  }
}
