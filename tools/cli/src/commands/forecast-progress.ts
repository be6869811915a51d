import { Presets, SingleBar } from 'cli-progress';
import type { Io } from '../program';

export interface TrainingProgress {
  update: (done: number, total: number, loss: number) => void;
  stop: () => void;
}

/**
 * A progress bar on stderr while training when it is a terminal; otherwise one line per 10 % on
 * the error stream, so logs of a background run still show progress.
 */
export function trainingProgress(io: Io, label: string): TrainingProgress {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | batch {value}/{total} | loss {loss} | eta {eta_formatted}`, stream: process.stderr, hideCursor: true }, Presets.shades_classic);
    let started = false;
    return {
      update(done, total, loss) {
        if (!started) bar.start(total, 0, { loss: 'n/a' });
        started = true;
        bar.update(done, { loss: loss.toPrecision(3) });
      },
      stop: () => bar.stop(),
    };
  }
  let lastTenth = -1;
  return {
    update(done, total, loss) {
      const tenth = Math.floor((10 * done) / total);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      io.err(`${label}: ${tenth * 10}% (batch ${done}/${total}, loss ${loss.toPrecision(3)})`);
    },
    stop: () => undefined,
  };
}
