import { errorMessage } from '@infscale/core';
import { UsageError } from '../program';

/**
 * Starts a listener; a port in use or an address that does not resolve is the user's flag, not a
 * crash: a UsageError naming the address and the flags (exit 2).
 */
export async function listenOrExplain<T>(listen: () => Promise<T>, flags: string, address: string): Promise<T> {
  try {
    return await listen();
  } catch (err) {
    throw new UsageError(`cannot listen on ${address} (${flags}): ${errorMessage(err)}`);
  }
}
