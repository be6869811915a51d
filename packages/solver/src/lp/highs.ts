import { errorMessage } from '@infscale/core';
import type { LinearModel } from './model';
import { verifiedOutcome, type MilpBackend, type MilpOutcome } from './backend';
import { toLpFormat } from './lp-format';

interface HighsColumn {
  Primal: number;
}
interface HighsSolution {
  Status: string;
  ObjectiveValue: number;
  Columns: Record<string, HighsColumn>;
}
interface Highs {
  solve(problem: string, options?: Record<string, unknown>): HighsSolution;
}

export interface HighsOptions {
  /** Seconds; a capped solve is reported as failed. */
  timeLimitS?: number;
}

/** HiGHS 1.15 (WebAssembly). A fresh native solver per call, hence a ~30 ms floor measured here. */
export async function createHighsBackend(options: HighsOptions = {}): Promise<MilpBackend> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loader = require('highs') as () => Promise<Highs>;
  const highs = await loader();
  return { name: 'highs', solve: (model) => solveWithHighs(highs, model, options) };
}

function solveWithHighs(highs: Highs, model: LinearModel, options: HighsOptions): MilpOutcome {
  try {
    const solution = highs.solve(toLpFormat(model), {
      output_flag: false,
      mip_rel_gap: 0,
      ...(options.timeLimitS ? { time_limit: options.timeLimitS } : {}),
    });
    if (solution.Status === 'Infeasible') return { status: 'infeasible' };
    if (solution.Status !== 'Optimal') return { status: 'failed', reason: `highs stopped with status "${solution.Status}"` };
    const values: Record<string, number> = {};
    for (const v of model.variables) values[v.name] = solution.Columns[v.name]?.Primal ?? 0;
    // ObjectiveValue of the LP text has no constant; verifiedOutcome adds the model's constant.
    return verifiedOutcome('highs', model, values, solution.ObjectiveValue);
  } catch (err) {
    return { status: 'failed', reason: `highs failed: ${errorMessage(err)}` };
  }
}
