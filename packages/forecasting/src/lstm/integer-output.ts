import { smape } from '../metrics';

/**
 * Integer forecasts: F becomes floor(F) + 1 when its fractional part is at least `roundUpFrom`,
 * floor(F) otherwise. The targets are integers (IPA's int(x / 8)), and the SMAPE-optimal forecast of
 * an integer target is an integer (noise-floor/smape-optimal.ts), so a point forecast between two
 * integers is never the best one. Nor does rounding under-predict a window the raw forecast met:
 * F ≥ A with A an integer implies floor(F) ≥ A.
 */
export interface IntegerRounding {
  /** In (0, 1]; 1 always rounds down. */
  roundUpFrom: number;
}

export function roundForecast(value: number, rounding: IntegerRounding): number {
  const down = Math.floor(value);
  return value - down >= rounding.roundUpFrom ? down + 1 : down;
}

/** The threshold, a multiple of 0.01, of least SMAPE on the training windows; ties go to the lower one. */
export function fitRounding(predicted: ArrayLike<number>, targets: ArrayLike<number>): IntegerRounding {
  const rounded = new Float64Array(predicted.length);
  let best = { rounding: { roundUpFrom: 1 }, smape: Infinity };
  for (let step = 1; step <= 100; step++) {
    const rounding = { roundUpFrom: step / 100 };
    for (let i = 0; i < predicted.length; i++) rounded[i] = roundForecast(predicted[i], rounding);
    const value = smape(targets, rounded);
    if (value < best.smape) best = { rounding, smape: value };
  }
  return best.rounding;
}
