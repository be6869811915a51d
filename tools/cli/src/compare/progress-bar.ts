import type { Progress } from '@infscale/experiments';
import type { Io } from '../program';
import { progressReporter, type Progress as Reporter } from '../commands/progress';

/**
 * A scenario's runs as the CLI's progress reporter shows them: a bar on a terminal; otherwise one line
 * per tenth of each run on the error stream (`label: 30 % (12/40)`), so the log of a background or CI
 * run still shows progress.
 */
export function stderrProgress(io: Io): Progress {
  let reporter: Reporter | undefined;
  let total = 0;
  let done = 0;
  return {
    start(runTotal, label) {
      reporter?.stop();
      [total, done] = [runTotal, 0];
      reporter = progressReporter(
        io,
        `${label} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted}`,
        (d, t) => `${label}: ${Math.floor((100 * d) / t)} % (${d}/${t})`,
      );
      if (total > 0) reporter.update(0, total);
    },
    tick(amount = 1) {
      if (total <= 0) return;
      done = Math.min(total, done + amount);
      reporter?.update(done, total);
    },
    stop() {
      reporter?.stop();
      reporter = undefined;
    },
  };
}
