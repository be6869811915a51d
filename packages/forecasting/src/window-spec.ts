import { ForecastInputError } from './errors';

/**
 * How a history is cut into model inputs: `inputSteps` consecutive blocks of `stepSeconds`, ending
 * now, each reduced to its maximum; the target is the maximum over the next `horizonSeconds`.
 */
export interface WindowSpec {
  stepSeconds: number;
  inputSteps: number;
  horizonSeconds: number;
}

/** Seconds of history one model input covers. */
export function inputSeconds(spec: WindowSpec): number {
  return spec.stepSeconds * spec.inputSteps;
}

export function validateWindowSpec(spec: WindowSpec): WindowSpec {
  for (const key of ['stepSeconds', 'inputSteps', 'horizonSeconds'] as const) {
    const v = spec[key];
    if (!Number.isInteger(v) || v < 1) throw new ForecastInputError(`window ${key} must be a positive integer, got ${String(v)}`);
  }
  return spec;
}
