import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { UsageError } from '../program';

/** Refuses to write over an existing output file unless --force was given (exit 2, saying how to go on). */
export function refuseExistingOutput(path: string, force: boolean | undefined): void {
  if (existsSync(path) && !force) throw new UsageError(`${path} exists: choose another -o or pass --force to replace it`);
}

/** Writes beside the target and renames: an interrupted run never leaves a half file under the name. */
export function writeOutputFile(path: string, data: string | Uint8Array): void {
  const partial = `${path}.partial`;
  writeFileSync(partial, data);
  renameSync(partial, path);
}
