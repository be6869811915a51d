import type { ClusterState, DesiredState } from '@infscale/core';

/**
 * The improved method's budget is a mean over time, like the frontier's: cores allowed and not spent
 * (whole replicas rarely fill a budget of 1.1 × the cheapest exactly) are saved, and later decisions
 * may spend them. The bank counts the cores that run, as the cluster reports them at every tick
 * (pods loading beside the ones they replace included), so what a change costs comes out of it.
 * Pure; the bank travels in the scaler's state.
 */
export interface CoreBank {
  /** Core-seconds saved up to atMs. */
  coreSeconds: number;
  atMs: number;
  /** Cores running at atMs and cores allowed then: the bank changes at their difference until the next tick. */
  runningCores: number;
  allowedCores: number;
}

/** Cores of every deployment the cluster reports (replicas × cores). */
export function runningCores(cluster: ClusterState): number {
  return cluster.deployments.reduce((a, d) => a + Math.max(d.replicas, d.readyReplicas) * d.actualCores, 0);
}

/**
 * Cores during a change from `cluster` to `desired`, make-before-break: every deployment at the larger
 * of its current and desired size, the ones it replaces included (the loop may not tick again until the change is done).
 */
export function changingCores(cluster: ClusterState, desired: DesiredState): number {
  const sizes = new Map<string, number>();
  for (const d of cluster.deployments) sizes.set(d.name, Math.max(d.replicas, d.readyReplicas) * d.actualCores);
  for (const d of desired.deployments) sizes.set(d.name, Math.max(sizes.get(d.name) ?? 0, d.replicas * d.cores));
  return [...sizes.values()].reduce((a, b) => a + b, 0);
}

/**
 * Core-seconds saved by nowMs, between −maxCoreSeconds and maxCoreSeconds: cores spent over the
 * allowance (a burst, pods loading) are a debt that later decisions pay back.
 */
export function savedCoreSeconds(bank: CoreBank | undefined, nowMs: number, maxCoreSeconds: number): number {
  if (!bank) return 0;
  const heldS = Math.max(0, nowMs - bank.atMs) / 1000;
  return Math.min(maxCoreSeconds, Math.max(-maxCoreSeconds, bank.coreSeconds + (bank.allowedCores - bank.runningCores) * heldS));
}

/** The bank at nowMs, with the cores running now and the cores allowed from now on. */
export function updateBank(bank: CoreBank | undefined, nowMs: number, running: number, allowedCores: number, maxCoreSeconds: number): CoreBank {
  return { coreSeconds: savedCoreSeconds(bank, nowMs, maxCoreSeconds), atMs: nowMs, runningCores: running, allowedCores };
}
