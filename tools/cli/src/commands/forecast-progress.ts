import type { Io } from '../program';
import { progressReporter } from './progress';

export interface TrainingProgress {
  update: (done: number, total: number, loss: number) => void;
  stop: () => void;
}

/** Training progress: a bar on a terminal, one line per 10 % otherwise (see progressReporter). */
export function trainingProgress(io: Io, label: string): TrainingProgress {
  const progress = progressReporter(
    io,
    `${label} [{bar}] {percentage}% | batch {value}/{total} | loss {loss} | eta {eta_formatted}`,
    (done, total, f) => `${label}: ${Math.floor((10 * done) / total) * 10}% (batch ${done}/${total}, loss ${f.loss})`,
  );
  return { update: (done, total, loss) => progress.update(done, total, { loss: loss.toPrecision(3) }), stop: progress.stop };
}
