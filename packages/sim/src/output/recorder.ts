import { LatencyHistogram } from './latency-histogram';
import type { IntervalRow, RequestRecord } from './types';

/**
 * Aggregates request outcomes in constant memory: totals, a latency histogram for the run, one for the
 * current interval and one for the scaler's observation window, per-second arrival counts, and the
 * accuracy-weighted served counts per stage. The optional sink sees every request.
 */
export class Recorder {
  readonly arrivalsPerSecond: Int32Array;
  readonly latency = new LatencyHistogram();
  /** Latencies since the metrics source last read them. */
  readonly window = new LatencyHistogram();
  readonly rows: IntervalRow[] = [];
  arrived = 0;
  completed = 0;
  onTime = 0;
  late = 0;
  dropped = 0;
  rejected = 0;
  timedOut = 0;
  decisions = 0;
  holds = 0;
  readonly servedByStage: Float64Array;
  readonly accuracySumByStage: Float64Array;
  private readonly interval = new LatencyHistogram();
  private readonly iv = { arrivals: 0, onTime: 0, late: 0, dropped: 0, rejected: 0, timedOut: 0, decisions: 0 };
  private readonly ivServed: Float64Array;
  private readonly ivAccuracy: Float64Array;
  private lastCoreMs = 0;
  private lastIntervalMs = 0;

  constructor(
    durationS: number,
    private readonly stages: number,
    readonly sink?: (record: RequestRecord) => void,
  ) {
    this.arrivalsPerSecond = new Int32Array(durationS + 1);
    this.servedByStage = new Float64Array(stages);
    this.accuracySumByStage = new Float64Array(stages);
    this.ivServed = new Float64Array(stages);
    this.ivAccuracy = new Float64Array(stages);
  }

  arrive(second: number): void {
    if (second < this.arrivalsPerSecond.length) this.arrivalsPerSecond[second]++;
    this.arrived++;
    this.iv.arrivals++;
  }

  served(stage: number, count: number, accuracy: number): void {
    this.servedByStage[stage] += count;
    this.accuracySumByStage[stage] += count * accuracy;
    this.ivServed[stage] += count;
    this.ivAccuracy[stage] += count * accuracy;
  }

  complete(latencyMs: number, onTime: boolean): void {
    this.completed++;
    if (onTime) {
      this.onTime++;
      this.iv.onTime++;
    } else {
      this.late++;
      this.iv.late++;
    }
    this.latency.record(latencyMs);
    this.interval.record(latencyMs);
    this.window.record(latencyMs);
  }

  drop(): void {
    this.dropped++;
    this.iv.dropped++;
  }

  reject(): void {
    this.rejected++;
    this.iv.rejected++;
  }

  /** The client gave up: no latency is recorded (none above the timeout may appear). */
  timeOut(): void {
    this.timedOut++;
    this.iv.timedOut++;
  }

  decision(applied: boolean): void {
    if (applied) {
      this.decisions++;
      this.iv.decisions++;
    } else this.holds++;
  }

  /** Closes the interval ending at nowMs; coreMs is the cluster's cost integral at nowMs. */
  closeInterval(nowMs: number, coreMs: number, pods: number): void {
    const iv = this.iv;
    const failed = iv.late + iv.dropped + iv.rejected + iv.timedOut;
    const ended = iv.onTime + failed;
    const spanMs = nowMs - this.lastIntervalMs;
    this.rows.push({
      startS: this.lastIntervalMs / 1000,
      arrivals: iv.arrivals,
      completed: iv.onTime + iv.late,
      onTime: iv.onTime,
      late: iv.late,
      dropped: iv.dropped,
      rejected: iv.rejected,
      timedOut: iv.timedOut,
      violationRate: ended > 0 ? failed / ended : 0,
      p50Ms: this.interval.quantile(0.5),
      p99Ms: this.interval.quantile(0.99),
      meanCores: spanMs > 0 ? (coreMs - this.lastCoreMs) / spanMs : 0,
      pods,
      accuracy: weightedAccuracy(this.ivServed, this.ivAccuracy),
      decisions: iv.decisions,
    });
    this.interval.reset();
    this.ivServed.fill(0);
    this.ivAccuracy.fill(0);
    iv.arrivals = iv.onTime = iv.late = iv.dropped = iv.rejected = iv.timedOut = iv.decisions = 0;
    this.lastCoreMs = coreMs;
    this.lastIntervalMs = nowMs;
  }

  accuracy(): number {
    return weightedAccuracy(this.servedByStage, this.accuracySumByStage);
  }

  stageAccuracy(stage: number): number {
    return this.servedByStage[stage] > 0 ? this.accuracySumByStage[stage] / this.servedByStage[stage] : NaN;
  }

  get stageCount(): number {
    return this.stages;
  }
}

/** Product over stages of each stage's load-weighted mean; NaN when a stage served nothing. */
function weightedAccuracy(served: Float64Array, sums: Float64Array): number {
  let acc = 1;
  for (let s = 0; s < served.length; s++) {
    if (!(served[s] > 0)) return NaN;
    acc *= sums[s] / served[s];
  }
  return acc;
}
