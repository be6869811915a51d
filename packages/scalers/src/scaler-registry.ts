import { closestName } from '@infscale/core';
import type { RegisteredScaler } from './scaler-definition';

/** Thrown for a scaler name the registry does not hold: it names the closest one, or every one. */
export class UnknownScalerError extends Error {
  override name = 'UnknownScalerError';

  constructor(
    readonly scaler: string,
    readonly known: readonly string[],
  ) {
    const guess = closestName(scaler, known);
    super(`unknown scaler "${scaler}"${guess ? ` (did you mean ${guess}?)` : ''}: known scalers are ${known.join(', ')}`);
  }
}

/** The scalers by name, in the order they were registered (the order of --help and of the tables). */
export class ScalerRegistry {
  private readonly byName = new Map<string, RegisteredScaler>();

  constructor(entries: readonly RegisteredScaler[]) {
    for (const entry of entries) {
      if (this.byName.has(entry.name)) throw new Error(`scaler "${entry.name}" is registered twice`);
      this.byName.set(entry.name, entry);
    }
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  get entries(): RegisteredScaler[] {
    return [...this.byName.values()];
  }

  /** The scalers deployed as apps with the chart, each with its dashboard. */
  get deployed(): (RegisteredScaler & { deploy: NonNullable<RegisteredScaler['deploy']> })[] {
    return this.entries.filter((e): e is RegisteredScaler & { deploy: NonNullable<RegisteredScaler['deploy']> } => e.deploy !== undefined);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): RegisteredScaler {
    const entry = this.byName.get(name);
    if (!entry) throw new UnknownScalerError(name, this.names);
    return entry;
  }

  /** This registry and more (a test's scaler, an extension's): a new registry, this one unchanged. */
  with(...entries: RegisteredScaler[]): ScalerRegistry {
    return new ScalerRegistry([...this.entries, ...entries]);
  }
}
