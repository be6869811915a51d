import { ControllerLoop, type DecisionRecord, type Forecaster, type Logger, type Scaler } from '@infscale/core';
import { SimActuator, type SimActuatorOptions } from './adapters/sim-actuator';
import { SimMetricsSource } from './adapters/sim-metrics-source';
import type { SimConfig } from './engine/config';
import { Simulation } from './engine/simulation';
import { summarize } from './output/summary';
import type { IntervalRow, SimSummary } from './output/types';

export interface RunOptions<State> {
  config: SimConfig;
  scaler: Scaler<State>;
  forecaster?: Forecaster;
  actuator?: SimActuatorOptions;
  logger?: Logger;
  /** Called after every decision (bounded memory: the runner keeps none of them). */
  onDecision?: (record: DecisionRecord) => void;
  /** Called about every simulated minute with the virtual time reached and the run's length. */
  onProgress?: (doneMs: number, totalMs: number) => void;
}

export interface SimResult {
  summary: SimSummary;
  series: IntervalRow[];
  /** The actuator's last error, if a plan failed. */
  lastActuatorError?: string;
}

/**
 * Runs the real ControllerLoop with a real Scaler against the simulator: events up to each tick's due
 * time, then the tick (observe and submit resolve at once; plans then run in virtual time).
 */
export async function runSimulation<State>(options: RunOptions<State>): Promise<SimResult> {
  const sim = new Simulation(options.config);
  const actuator = new SimActuator(sim, options.actuator);
  const metrics = new SimMetricsSource(sim);
  const loop = new ControllerLoop({
    scaler: options.scaler,
    metrics,
    actuator,
    clock: sim.clock,
    forecaster: options.forecaster,
    logger: options.logger,
  });
  const endMs = sim.durationMs;
  const progressEveryMs = 60_000;
  let nextProgress = progressEveryMs;
  for (let due = loop.nextDueMs(); due <= endMs; due = loop.nextDueMs()) {
    sim.runUntil(due);
    const record = await loop.tick();
    sim.recorder.decision(record.plan !== undefined);
    options.onDecision?.(record);
    if (options.onProgress && due >= nextProgress) {
      options.onProgress(due, endMs);
      nextProgress = due + progressEveryMs;
    }
  }
  sim.runUntil(endMs);
  const coreMs = sim.cluster.coreMs(endMs);
  const drainMs = options.config.drainMs ?? Math.max(options.config.dropLimitMs ?? 0, 60_000);
  sim.runUntil(endMs + drainMs, false);
  options.onProgress?.(endMs, endMs);
  const summary = summarize(sim, coreMs, sim.inFlight, drainMs);
  const lastError = actuator.status().lastError;
  return { summary, series: sim.recorder.rows, ...(lastError ? { lastActuatorError: lastError } : {}) };
}
