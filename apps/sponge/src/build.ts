import { durationSchema, parseConfig, type Forecaster } from '@infscale/core';
import { LastMaxForecaster } from '@infscale/forecasting';
import type { AfterPlan, ScalerApp } from '@infscale/runtime';
import { createSpongeScaler, parseSpongeConfig, type SpongeState } from '@infscale/scalers';
import type { Scaler } from '@infscale/core';
import { z } from 'zod';
import { modelServerHook } from './model-server-hook';

/** The app's own key of the `scaler` section: where the new thread count goes after a resize. */
const hookSchema = z.strictObject({
  modelServerHook: z
    .object({
      urls: z.array(z.url()).default([]),
      timeoutMs: durationSchema().default(2_000),
      /** File holding the EDF proxy's admin token: each POST then carries Authorization: Bearer <token>. */
      tokenFile: z.string().min(1).optional(),
    })
    .strict()
    .prefault({}),
});

/**
 * The scaler section → Sponge, its forecaster and the model-server hook. The forecaster is the
 * reactive one the paper uses at a 1 s interval: the busiest second of `loadWindow`, for the next second.
 */
export function buildSponge(section: Record<string, unknown>): { scaler: Scaler<SpongeState>; forecaster: Forecaster; afterPlan: AfterPlan } {
  // The hook is the app's key; every other key is the scaler's, which refuses the ones it does not know.
  const { modelServerHook: hookSection, ...scalerSection } = section;
  const scaler = createSpongeScaler(scalerSection);
  const config = parseSpongeConfig(scalerSection);
  const { modelServerHook: hook } = parseConfig(hookSchema, { modelServerHook: hookSection }, 'sponge config');
  const forecaster = new LastMaxForecaster({ windowSeconds: Math.max(1, Math.round(config.loadWindow / 1000)), horizonSeconds: 1 });
  return { scaler, forecaster, afterPlan: modelServerHook(config.targetRef.name, hook) };
}

export const spongeApp: ScalerApp<SpongeState> = {
  name: 'sponge',
  description: 'Sponge: resizes a model server\'s pod in place (pods/resize) and sets its batch so every request meets its own deadline.',
  version: '0.1.0',
  configHelp: [
    'interval (1s), targetRef {name} (the Deployment; list it in kubernetes.targets), containerName, slo {latencyMs},',
    'headroom (0.9), resourcePolicy {minCores, maxCores}, maxBatch, latencyModel {gamma, delta, epsilon, eta},',
    'onResizeFailure (report|restart), replicas {max, foldBackAfter}, loadWindow (5s), resizeCeilingHold,',
    'modelServerHook {urls: [POST {cores, batchSize} after a resize, e.g. http://<edf-proxy>:8081/admin/config], timeoutMs,',
    '  tokenFile (the proxy\'s admin token, sent as Authorization: Bearer to every url)}',
  ].join('\n'),
  buildScaler: (section) => buildSponge(section),
};
