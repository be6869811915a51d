/**
 * Probability mass of a per-second arrival count X with the given mean, for X = 0..upTo.
 * dispersion = Var(X) / E(X): 1 is Poisson, above 1 a negative binomial with the same mean
 * (the trace is burstier than Poisson at the second scale, see noise-floor.ts).
 * Computed in log space so a mean of several hundred does not underflow e^(−λ).
 */
export function countPmf(mean: number, dispersion: number, upTo: number): Float64Array {
  if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`mean must be a finite number ≥ 0, got ${mean}`);
  if (!(dispersion >= 1) || !Number.isFinite(dispersion)) throw new RangeError(`dispersion (variance / mean) must be ≥ 1, got ${dispersion}`);
  const pmf = new Float64Array(upTo + 1);
  if (mean === 0) {
    pmf[0] = 1;
    return pmf;
  }
  let logP: number;
  let step: (k: number) => number;
  if (dispersion === 1) {
    logP = -mean;
    const logMean = Math.log(mean);
    step = (k) => logMean - Math.log(k + 1);
  } else {
    // NB(r, p): mean r(1 − p)/p, variance mean / p, so p = 1 / dispersion, r = mean / (dispersion − 1).
    const p = 1 / dispersion;
    const r = mean / (dispersion - 1);
    logP = r * Math.log(p);
    const logQ = Math.log1p(-p);
    step = (k) => Math.log((k + r) / (k + 1)) + logQ;
  }
  for (let k = 0; k <= upTo; k++) {
    pmf[k] = Math.exp(logP);
    logP += step(k);
  }
  return pmf;
}

/** A count bound above which the mass is negligible (< 1e-12 for every mean and dispersion used here). */
export function countBound(mean: number, dispersion: number): number {
  return Math.ceil(mean + 12 * Math.sqrt(dispersion * mean) + 40);
}
