import { SingleBar, Presets } from 'cli-progress';
import { silentProgress, type Progress } from '@infscale/experiments';

/** A progress bar on stderr when it is a terminal; silent otherwise (CI logs, pipes). */
export function stderrProgress(): Progress {
  if (!process.stderr.isTTY) return silentProgress;
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
