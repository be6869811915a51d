import type { IpaProblem } from './problem';
import { ipaLatencyMs, ipaObjective, type IpaOption } from './options';
import { TooBigForOracle } from '../oracle-limit';

/** The oracle: every combination of every stage's options, scored as written. */
export function enumerateIpa(p: IpaProblem, options: readonly IpaOption[][], maxLeaves = 5_000_000): IpaOption[] | undefined {
  const size = options.reduce((s, o) => s * o.length, 1);
  if (size > maxLeaves) throw new TooBigForOracle(`${size} combinations > ${maxLeaves}`);
  const chosen: IpaOption[] = [];
  let best: IpaOption[] | undefined;
  let bestObjective = -Infinity;
  const visit = (s: number): void => {
    if (s === options.length) {
      if (ipaLatencyMs(chosen) > p.slaMs) return;
      if (p.maxCores !== undefined && chosen.reduce((a, o) => a + o.cores, 0) > p.maxCores) return;
      const objective = ipaObjective(p, chosen);
      if (objective > bestObjective) {
        bestObjective = objective;
        best = chosen.slice();
      }
      return;
    }
    for (const o of options[s]!) {
      chosen.push(o);
      visit(s + 1);
      chosen.pop();
    }
  };
  visit(0);
  return best;
}
