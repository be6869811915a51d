/**
 * The evaluation's target in distribution: each second's count X becomes Y = trunc(X / damping),
 * seconds with Y = 0 are removed from the series (so a kept second is Y | Y ≥ 1), and the target is
 * the max of Y over the horizon's kept seconds.
 */

/** CDF of Y = trunc(X / damping) given Y ≥ 1, for y = 0..(length − 1), from the pmf of X. */
export function keptSecondCdf(countPmf: ArrayLike<number>, damping: number): Float64Array {
  const maxY = Math.floor((countPmf.length - 1) / damping);
  const cdf = new Float64Array(maxY + 1);
  let below = 0; // P(X < damping): the removed seconds
  for (let x = 0; x < Math.min(damping, countPmf.length); x++) below += countPmf[x];
  const kept = 1 - below;
  let cumulative = below;
  for (let y = 1; y <= maxY; y++) {
    for (let x = y * damping; x < Math.min((y + 1) * damping, countPmf.length); x++) cumulative += countPmf[x];
    // A second that is almost surely removed (kept ≈ 0) cannot be in the series; treat it as Y = 1.
    cdf[y] = kept > 1e-300 ? Math.min(1, (cumulative - below) / kept) : 1;
  }
  return cdf;
}

/**
 * pmf of the max of independent kept seconds, given each one's CDF: P(M ≤ m) = Π P(Y_s ≤ m).
 * A CDF shorter than another is 1 beyond its end.
 */
export function maxPmf(cdfs: readonly ArrayLike<number>[]): Float64Array {
  if (cdfs.length === 0) throw new RangeError('the max of no seconds');
  const length = Math.max(...cdfs.map((c) => c.length));
  const pmf = new Float64Array(length);
  let previous = 0;
  for (let m = 0; m < length; m++) {
    let product = 1;
    for (const cdf of cdfs) product *= m < cdf.length ? cdf[m] : 1;
    pmf[m] = Math.max(0, product - previous);
    previous = product;
  }
  return pmf;
}
