import type { Scaler } from '@infscale/core';
import { loadInfAdapterProfiles, loadIpaPipeline, loadTwitterTrace, findWindow, traceWindow } from '@infscale/profiles';
import type { SimConfig } from '../engine/config';
import { infAdapterScenario } from '../scenario/infadapter';
import { ipaScenario } from '../scenario/ipa';

/** The bench drives the loop with a scaler that only observes (the simulator imports no real scaler). */
export const observingScaler: Scaler<null> = {
  name: 'observe-only',
  intervalMs: 30_000,
  observationRequest: (nowMs, cluster) => ({ nowMs, historySeconds: 600, deployments: cluster.deployments.map((d) => d.name), wantLatency: true }),
  initialState: () => null,
  decide: () => ({ state: null, decision: { kind: 'hold', reason: 'bench' } }),
};

export interface BenchCase {
  name: string;
  description: string;
  build: () => SimConfig;
}

const DAY = 86_400;

function twitterDays(from: number, to: number): Int32Array {
  return loadTwitterTrace().subarray(from * DAY, Math.min(to * DAY, loadTwitterTrace().length));
}

export const BENCH_CASES: BenchCase[] = [
  {
    name: 'rr-1k',
    description: '1 h at 1000 req/s, 4 pods × 20 workers (resnet18 @ 20 cores), round-robin, batch 1',
    build: () =>
      infAdapterScenario({
        profiles: loadInfAdapterProfiles(),
        arrivals: new Array(3600).fill(1000),
        start: [{ variant: 'resnet18', cores: 20, replicas: 4 }],
        nodes: [96],
      }),
  },
  {
    name: 'infadapter-segment',
    description: "InfAdapter's 21-min segment, resnet18 ×2 + resnet50 weighted 3:1, 20 cores each",
    build: () => {
      const profiles = loadInfAdapterProfiles();
      const c = infAdapterScenario({
        profiles,
        arrivals: traceWindow(loadTwitterTrace(), findWindow('segment')),
        start: [
          { variant: 'resnet18', cores: 20 },
          { variant: 'resnet50', cores: 20 },
        ],
        nodes: [64],
      });
      c.initial.routing = [{ stage: 'main', weights: { resnet18: 3, resnet50: 1 } }];
      return c;
    },
  },
  {
    name: 'ipa-video-day',
    description: 'IPA video pipeline (yolov5n → resnet18), FIFO batching b=4, shifted-exp service, day 15 damped by 8',
    build: () => {
      const day = Array.from(loadTwitterTrace().subarray(15 * DAY, 16 * DAY), (v) => Math.trunc(v / 8));
      const pipeline = loadIpaPipeline('video');
      return ipaScenario({ pipeline, arrivals: day, start: Object.fromEntries(pipeline.stages.map((s) => [s.name, { replicas: 4, batch: 4 }])) });
    },
  },
  {
    name: 'twitter-3-days',
    description: 'Twitter days 0–3 (~16 M requests), resnet18 @ 20 cores ×1, round-robin',
    build: () =>
      infAdapterScenario({ profiles: loadInfAdapterProfiles(), arrivals: twitterDays(0, 3), start: [{ variant: 'resnet18', cores: 20 }], nodes: [48] }),
  },
  {
    name: 'twitter-full',
    description: 'The whole 22-day Twitter trace (120.8 M requests), resnet18 @ 20 cores ×1 (skipped with --quick)',
    build: () =>
      infAdapterScenario({ profiles: loadInfAdapterProfiles(), arrivals: loadTwitterTrace(), start: [{ variant: 'resnet18', cores: 20 }], nodes: [48] }),
  },
];
