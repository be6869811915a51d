import type { LatencyModel } from '@infscale/profiles';

export interface LatencySample {
  batch: number;
  cores: number;
  latencyMs: number;
}

export interface FittedLatencyModel extends LatencyModel {
  n: number;
  rmseMs: number;
}

/** Features of l(b,c) = γ·b/c + δ·b + ε/c + η, in that order. */
function features(s: LatencySample): [number, number, number, number] {
  return [s.batch / s.cores, s.batch, 1 / s.cores, 1];
}

/**
 * Linear least squares for (γ, δ, ε, η): solves the 4×4 normal equations XᵀX·θ = Xᵀy by Gaussian
 * elimination with partial pivoting. Undefined when the samples do not determine the model
 * (fewer than 4 distinct (b, c) shapes).
 */
export function fitLatencyModel(samples: readonly LatencySample[]): FittedLatencyModel | undefined {
  const a = [0, 1, 2, 3].map(() => [0, 0, 0, 0, 0]); // augmented [XᵀX | Xᵀy]
  for (const s of samples) {
    const x = features(s);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) a[i]![j]! += x[i]! * x[j]!;
      a[i]![4]! += x[i]! * s.latencyMs;
    }
  }
  const theta = solveAugmented(a);
  if (!theta) return undefined;
  const [gamma, delta, epsilon, eta] = theta as [number, number, number, number];
  let sq = 0;
  for (const s of samples) {
    const x = features(s);
    const err = gamma * x[0] + delta * x[1] + epsilon * x[2] + eta - s.latencyMs;
    sq += err * err;
  }
  return { gamma, delta, epsilon, eta, n: samples.length, rmseMs: Math.sqrt(sq / samples.length) };
}

function solveAugmented(a: number[][]): number[] | undefined {
  const n = a.length;
  const scale = Math.max(...a.flatMap((row) => row.slice(0, n).map(Math.abs)), 1e-300);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) <= 1e-12 * scale) return undefined; // singular: the data cannot separate the terms
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = col + 1; r < n; r++) {
      const f = a[r]![col]! / a[col]![col]!;
      for (let k = col; k <= n; k++) a[r]![k]! -= f * a[col]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = a[r]![n]!;
    for (let k = r + 1; k < n; k++) sum -= a[r]![k]! * x[k]!;
    x[r] = sum / a[r]![r]!;
  }
  return x;
}

/**
 * Samples from a Sponge profile table: batch ≤ maxBatch, p99 latency truncated to whole
 * milliseconds as in the Sponge optimizer (the bundled scipy reference fits were made that way).
 */
export function latencySamples(points: readonly LatencySample[], maxBatch = 16, wholeMs = true): LatencySample[] {
  return points.filter((p) => p.batch <= maxBatch).map((p) => ({ batch: p.batch, cores: p.cores, latencyMs: wholeMs ? Math.trunc(p.latencyMs) : p.latencyMs }));
}
