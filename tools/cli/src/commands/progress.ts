import { Presets, SingleBar } from 'cli-progress';
import type { Io } from '../program';

export interface Progress {
  /** `fields` fill the bar's `{name}` placeholders (and the plain line's text). */
  update: (done: number, total: number, fields?: Record<string, string>) => void;
  stop: () => void;
}

/**
 * A progress bar on stderr when it is a terminal; otherwise one line per 10 % on the error stream,
 * so logs of a background run still show progress. `barFormat` is cli-progress' format (its
 * {bar}, {percentage}, {value}, {total}, {eta_formatted} and the caller's fields); `line` renders
 * the plain-text line.
 */
export function progressReporter(io: Io, barFormat: string, line: (done: number, total: number, fields: Record<string, string>) => string): Progress {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({ format: barFormat, stream: process.stderr, hideCursor: true }, Presets.shades_classic);
    let started = false;
    return {
      update(done, total, fields = {}) {
        if (!started) bar.start(total, 0, fields);
        started = true;
        bar.update(done, fields);
      },
      stop: () => bar.stop(),
    };
  }
  let lastTenth = -1;
  return {
    update(done, total, fields = {}) {
      const tenth = Math.floor((10 * done) / total);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      io.err(line(done, total, fields));
    },
    stop: () => undefined,
  };
}
