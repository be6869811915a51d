import type { Scaler } from '@infscale/core';
import {
  allocationsFor,
  createInfAdapterScaler,
  type AllocationStrategy,
  type InfAdapterScalerOptions,
  type InfAdapterState,
} from '../infadapter/infadapter-scaler';
import { largestSingle, solveMsPlus } from './ms-plus-solve';

export const MS_PLUS_STRATEGY: AllocationStrategy = {
  name: 'ms-plus',
  solve: solveMsPlus,
  largest: (p) => allocationsFor(p, largestSingle(p).cores),
};

/**
 * The MS+ baseline as a Scaler: the same config, loop, forecast and stabilization as InfAdapter, so
 * the comparison isolates the one difference — a single variant at a time instead of a mix.
 */
export function createMsPlusScaler(input: unknown, options: Omit<InfAdapterScalerOptions, 'strategy'> = {}): Scaler<InfAdapterState> {
  return createInfAdapterScaler(input, { ...options, strategy: MS_PLUS_STRATEGY });
}
