import { z } from 'zod';
import { parseConfig, type ProfilePoint } from '@infscale/core';
import { readCsv, readJson } from './csv';
import { DataError } from './data-error';
import { bundledDataDir, dataFile } from './paths';

/** Sponge's latency model l(b, c) = γ·b/c + δ·b + ε/c + η, in milliseconds. */
export interface LatencyModel {
  gamma: number;
  delta: number;
  epsilon: number;
  eta: number;
}

export interface LatencyFit extends LatencyModel {
  /** Which data the fit came from (text from the bundled fits file). */
  data: string;
  n: number;
  rmseMs: number;
}

export const SPONGE_PROFILES = {
  resnet18: 'resnet18_series303_load128rps.csv',
  'resnet18-repeat': 'resnet18_series308_load128rps.csv',
  'resnet152-fractional': 'resnet152_series300_load10rps_fractional_cpu.csv',
  yolov5n: 'yolov5n_series307_load64rps.csv',
  yolov5m: 'yolov5m_series307_load64rps.csv',
  yolov5s: 'yolov5s_series1_load16rps.csv',
} as const;
export type SpongeProfileName = keyof typeof SPONGE_PROFILES;

export function latencyOf(model: LatencyModel, batch: number, cores: number): number {
  return (model.gamma * batch) / cores + model.delta * batch + model.epsilon / cores + model.eta;
}

/** Profile points (p99 latency, max throughput) of one of Sponge's profiling tables. */
export function loadSpongeProfile(name: SpongeProfileName, dataDir = bundledDataDir): ProfilePoint[] {
  const fileName = SPONGE_PROFILES[name];
  if (!fileName) throw new DataError('sponge profile', undefined, 'name', `unknown profile "${name}" (known: ${Object.keys(SPONGE_PROFILES).join(', ')})`);
  const file = dataFile(dataDir, 'sponge', 'profiling', fileName);
  const points: ProfilePoint[] = [];
  for (const row of readCsv(file, ['max_batch_size', 'cpu_request', 'model_latencies_p99', 'throughput_max'])) {
    const latencyS = row.optionalNumber('model_latencies_p99', 0);
    const throughput = row.optionalNumber('throughput_max', 0);
    if (latencyS === undefined || throughput === undefined) continue; // not measured in the paper's run
    points.push({ batch: row.integer('max_batch_size', 1), cores: row.number('cpu_request', 0.1), latencyMs: latencyS * 1000, throughputRps: throughput });
  }
  if (points.length === 0) throw new DataError(file, undefined, 'model_latencies_p99', 'no measured rows');
  return points;
}

const fitsSchema = z.object({
  fits: z
    .array(
      z.object({
        data: z.string(),
        n: z.number().int().positive(),
        gamma: z.number(),
        delta: z.number(),
        epsilon: z.number(),
        eta: z.number(),
        rmse_ms: z.number().nonnegative(),
      }),
    )
    .min(1),
});

/** The bundled least-squares fits; the first one reproduces the Sponge notebook's decision. */
export function loadLatencyFits(dataDir = bundledDataDir): LatencyFit[] {
  const file = dataFile(dataDir, 'sponge', 'profiling', 'latency_model_fits.json');
  return parseConfig(fitsSchema, readJson(file), file).fits.map((f) => ({
    data: f.data,
    n: f.n,
    gamma: f.gamma,
    delta: f.delta,
    epsilon: f.epsilon,
    eta: f.eta,
    rmseMs: f.rmse_ms,
  }));
}

/** One second of the 4G bandwidth trace (Ghent bus route 0001). */
export interface BandwidthSample {
  elapsedMs: number;
  bytesPerMs: number;
}

export function loadBandwidthTrace(dataDir = bundledDataDir): BandwidthSample[] {
  const file = dataFile(dataDir, 'sponge', 'bandwidth', 'report_bus_0001.csv');
  return readCsv(file, ['elapsed_ms', 'bytes_per_ms']).map((row) => ({
    elapsedMs: row.number('elapsed_ms', 0),
    bytesPerMs: row.number('bytes_per_ms', 1),
  }));
}

/** The paper's image: 400×253×3 bytes, giving 43–703 ms of network delay on the 4G trace. */
export const SPONGE_IMAGE_BYTES = 303_600;

/** Network delay (ms) of sending `imageBytes` in each second of the bandwidth trace. */
export function networkDelaysMs(trace: readonly BandwidthSample[], imageBytes = SPONGE_IMAGE_BYTES): number[] {
  return trace.map((s) => imageBytes / s.bytesPerMs);
}

/** Remaining SLO (ms) of a request sent in each second: SLO minus the network delay, floored at 0. */
export function remainingBudgetsMs(trace: readonly BandwidthSample[], sloMs: number, imageBytes = SPONGE_IMAGE_BYTES): number[] {
  return networkDelaysMs(trace, imageBytes).map((d) => Math.max(0, Math.trunc(sloMs - d)));
}
