/**
 * Where the trace's bursts begin: a second whose next 30 s average more than twice the previous
 * 60 s and over `minRps`, at most one every 10 minutes. The Twitter trace has ~11 a day, most within
 * minutes 1–5 and 31–35 of the hour (README): windows around them are the ones no forecaster of the
 * recent past can get right.
 */
export function burstOnsets(trace: ArrayLike<number>, minRps = 150): number[] {
  const out: number[] = [];
  let last = -Infinity;
  for (let i = 60; i + 30 <= trace.length; i += 5) {
    let before = 0;
    let after = 0;
    for (let k = i - 60; k < i; k++) before += trace[k]!;
    for (let k = i; k < i + 30; k++) after += trace[k]!;
    if (after / 30 > (2 * before) / 60 && after / 30 > minRps && i - last > 600) {
      out.push(i);
      last = i;
    }
  }
  return out;
}

/** For each window end (a trace second, ascending), whether a burst began within [end − before, end + after]. */
export function nearOnsets(ends: ArrayLike<number>, onsets: readonly number[], before = 30, after = 120): boolean[] {
  const out: boolean[] = [];
  let j = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i]!;
    while (j < onsets.length && onsets[j]! < end - after) j++;
    out.push(j < onsets.length && onsets[j]! <= end + before);
  }
  return out;
}
