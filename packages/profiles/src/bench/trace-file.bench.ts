/* Benchmark: how long a user's 22-day per-second trace takes to load, in each format (target < 2 s). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadTwitterTrace } from '../traces';
import { loadTraceFile } from '../trace-file';

const RUNS = 5;

function main(): void {
  const trace = loadTwitterTrace();
  const dir = mkdtempSync(join(tmpdir(), 'trace-bench-'));
  try {
    const plain = Array.from(trace).join('\n') + '\n';
    const start = 1_627_776_000;
    const csv = 'timestamp,count\n' + Array.from(trace, (v, i) => `${start + i},${v}`).join('\n') + '\n';
    const cases = [
      { format: 'counts, one per line', file: join(dir, 'trace.txt'), bytes: Buffer.from(plain) },
      { format: 'counts, gzip', file: join(dir, 'trace.txt.gz'), bytes: gzipSync(plain) },
      { format: 'CSV with timestamps', file: join(dir, 'trace.csv'), bytes: Buffer.from(csv) },
    ];
    console.log(`${'format'.padEnd(22)} ${'seconds'.padStart(9)} ${'MB'.padStart(6)} ${'p50 ms'.padStart(8)} ${'max ms'.padStart(8)}`);
    const lines: string[] = [];
    for (const c of cases) {
      writeFileSync(c.file, c.bytes);
      const times: number[] = [];
      let seconds = 0;
      for (let r = 0; r < RUNS; r++) {
        const t0 = performance.now();
        seconds = loadTraceFile(c.file).counts.length;
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const p50 = times[Math.floor(RUNS / 2)];
      const max = times[RUNS - 1];
      const mb = c.bytes.length / 1e6;
      console.log(
        `${c.format.padEnd(22)} ${String(seconds).padStart(9)} ${mb.toFixed(1).padStart(6)} ${p50.toFixed(0).padStart(8)} ${max.toFixed(0).padStart(8)}`,
      );
      lines.push(
        JSON.stringify({
          bench: 'trace-file-load',
          format: c.format,
          seconds,
          megabytes: Number(mb.toFixed(2)),
          p50Ms: Number(p50.toFixed(1)),
          maxMs: Number(max.toFixed(1)),
          targetMs: 2000,
        }),
      );
    }
    for (const l of lines) console.log(l);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
