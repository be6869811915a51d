import { DataError } from '@infscale/profiles';
import { UsageError } from '../program';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'the name is too long',
  EEXIST: 'it already exists',
};

/** A file-system error in words, with its code (e.g. "permission denied (EACCES)"). */
export function fileReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined) return err instanceof Error ? err.message : String(err);
  return REASONS[code] ? `${REASONS[code]} (${code})` : code;
}

/**
 * Runs a read or write of the file a flag names; a file-system error or a DataError (a bad row)
 * becomes a UsageError naming the flag and the file (exit 2, no stack).
 */
export function withFileFlag<T>(flag: string, path: string, use: () => T): T {
  try {
    return use();
  } catch (err) {
    throw asFlagError(flag, path, err);
  }
}

/** withFileFlag for an asynchronous read or write (a model saved by TensorFlow.js). */
export async function withFileFlagAsync<T>(flag: string, path: string, use: () => Promise<T>): Promise<T> {
  try {
    return await use();
  } catch (err) {
    throw asFlagError(flag, path, err);
  }
}

function asFlagError(flag: string, path: string, err: unknown): unknown {
  if (err instanceof DataError) return new UsageError(`${flag} ${err.message}`);
  if ((err as NodeJS.ErrnoException).code !== undefined && !(err instanceof UsageError)) return new UsageError(`${flag} ${path}: ${fileReason(err)}`);
  return err;
}
