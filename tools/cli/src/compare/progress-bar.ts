import { SingleBar, Presets } from 'cli-progress';
import type { Progress } from '@infscale/experiments';
import type { Io } from '../program';

/**
 * A progress bar on stderr when it is a terminal; otherwise one line per 10 % of each run on the
 * error stream (`label: 30 % (12/40)`), so the log of a background or CI run still shows progress.
 */
export function stderrProgress(io: Io): Progress {
  if (!process.stderr.isTTY) return plainProgress(io);
  let bar: SingleBar | undefined;
  return {
    start(total, label) {
      bar?.stop();
      bar = new SingleBar(
        { format: `${label} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted}`, stream: process.stderr, hideCursor: true },
        Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    tick(amount = 1) {
      bar?.increment(amount);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

/** The lines the non-terminal case writes: one when a run starts and one per tenth of it done. */
export function plainProgress(io: Io): Progress {
  let run = { label: '', total: 0, done: 0, tenth: 0 };
  return {
    start(total, label) {
      run = { label, total, done: 0, tenth: 0 };
      if (total > 0) io.err(`${label}: 0 % (0/${total})`);
    },
    tick(amount = 1) {
      if (run.total <= 0) return;
      run.done = Math.min(run.total, run.done + amount);
      const tenth = Math.floor((10 * run.done) / run.total);
      if (tenth <= run.tenth) return;
      run.tenth = tenth;
      io.err(`${run.label}: ${10 * tenth} % (${run.done}/${run.total})`);
    },
    stop: () => undefined,
  };
}
