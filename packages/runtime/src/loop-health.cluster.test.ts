/**
 * Issue 14, finding 3: a Kubernetes API server that accepts and never answers stalled the loop
 * forever while /healthz kept answering 200. Now every call times out (the loop goes on and says
 * why), and a tick that does not finish anyway fails /healthz.
 */
import { ManualClock, type MetricsSource, type ObservationRequest } from '@infscale/core';
import { createStaticScaler } from '@infscale/scalers';
import { LoopWatch, stallTimeoutMs } from './loop-watch';
import { parseProcessConfig } from './process-config';
import { runScalerProcess, type RunningScaler } from './scaler-process';
import { eventually, startTestCluster, TEMPLATE, uniqueName, type TestCluster } from '@infscale/kube/testing';
import { httpGet } from './test-support/http-get';
import { memoryJsonLogger } from './test-support/memory-log';

jest.setTimeout(30_000);

describe('LoopWatch', () => {
  it('is healthy while the loop sleeps toward a due tick, and while a tick runs within the limit', () => {
    const clock = new ManualClock(0);
    const watch = new LoopWatch(clock, 60_000);
    watch.sleeping(30_000);
    clock.set(89_000);
    expect(watch.health()).toEqual({ ok: true });
    watch.tickStarted();
    clock.advance(60_000);
    expect(watch.health()).toEqual({ ok: true });
  });

  it('fails once a tick runs past the limit, or a due tick has not started, naming which', () => {
    const clock = new ManualClock(0);
    const watch = new LoopWatch(clock, 60_000);
    watch.tickStarted();
    clock.advance(60_001);
    expect(watch.health()).toEqual({ ok: false, reason: 'loop stalled: the running tick has not finished for 1m0.001s (limit 1m, loop.stallTimeout)' });
    watch.sleeping(clock.now());
    clock.advance(90_000);
    expect(watch.health()).toMatchObject({ ok: false, reason: expect.stringMatching(/the next tick has not started for 1m30s/) });
    watch.stopped();
    expect(watch.health()).toEqual({ ok: true });
  });

  it('allows three tick periods, and never less than 60 s', () => {
    expect(stallTimeoutMs(30_000)).toBe(90_000);
    expect(stallTimeoutMs(1_000)).toBe(60_000);
    expect(stallTimeoutMs(1_000, 5_000)).toBe(5_000);
  });
});

/** A namespace of its own for each test (a deleted one takes a while to go). */
let NS = '';
/** Static reads no load; the source answers without Prometheus. */
const quietSource: MetricsSource = { observe: async (r: ObservationRequest) => ({ kind: 'ok', observation: { nowMs: r.nowMs, arrivalsPerSecond: [0] } }) };

describe('a scaler process against an API server that never answers', () => {
  let cluster: TestCluster;
  let running: RunningScaler | undefined;
  beforeEach(async () => {
    NS = uniqueName('serving');
    cluster = await startTestCluster({
      namespace: NS,
      scaler: 'static',
      deployments: [{ name: 'web', variant: 'resnet50', stage: 'main', replicas: 1, cores: 2, batch: 1 }],
    });
  });
  afterEach(async () => {
    await running?.stop('test done');
    running = undefined;
    await cluster.close();
  });

  function config(loop: Record<string, unknown> = {}) {
    const doc = {
      scaler: { deployments: { web: { replicas: 3, cores: 2 } }, interval: '100ms' },
      prometheus: { serverAddress: 'http://127.0.0.1:9', namespace: NS },
      kubernetes: {
        template: TEMPLATE,
        connection: { mode: 'kubeconfig', path: cluster.kubeconfigPath },
        requestTimeout: '200ms',
        retry: { maxAttempts: 1 },
        leaderElection: { enabled: false },
      },
      server: { port: 0, host: '127.0.0.1' },
      loop,
    };
    return parseProcessConfig(doc, 'test.yaml', { name: 'static' });
  }

  it('each read times out, the tick holds saying why, the loop goes on, /healthz stays 200', async () => {
    cluster.proxy.add({ method: 'GET', path: /\/deployments$/, times: 1_000, effect: { kind: 'hang' } });
    const log = memoryJsonLogger('info');
    const c = config();
    running = await runScalerProcess({
      name: 'static',
      scaler: createStaticScaler(c.scaler),
      config: c,
      signals: false,
      deps: { logger: log.logger, metricsSource: quietSource },
    });
    const holds = () =>
      log
        .lines()
        .filter(
          (l) =>
            l.decision === 'hold' &&
            new RegExp(`cannot read cluster state: list deployments in ${NS}: no answer from the Kubernetes API within 200 ms`).test(String(l.reason)),
        );
    await eventually('three ticks that held on the hung API', async () => holds().length >= 3);
    expect((await httpGet(`${running.url}/healthz`)).status).toBe(200);
    expect(await cluster.replicasOf('web')).toBe(1);
  });

  it('a tick that never finishes fails /healthz with the reason, so the kubelet restarts the pod', async () => {
    const log = memoryJsonLogger('info');
    const c = config({ stallTimeout: '300ms' });
    // A source that does not answer until the test lets it: a bug with no timeout anywhere.
    let answer: () => void = () => undefined;
    let released = false;
    const stuck: MetricsSource = {
      observe: () =>
        new Promise((resolve) => {
          answer = () => resolve({ kind: 'no-data', reason: 'released' });
          if (released) answer();
        }),
    };
    running = await runScalerProcess({
      name: 'static',
      scaler: createStaticScaler(c.scaler),
      config: c,
      signals: false,
      deps: { logger: log.logger, metricsSource: stuck },
    });
    expect((await httpGet(`${running.url}/healthz`)).status).toBe(200);
    const failed = await eventually('/healthz failing', async () => {
      const res = await httpGet(`${running!.url}/healthz`);
      return res.status === 503 && res.body;
    });
    expect(failed).toMatch(/^loop stalled: the running tick has not finished for [\d.]+m?s \(limit 300ms, loop\.stallTimeout\)\n$/);
    released = true;
    answer();
    await eventually('/healthz back to 200 once the tick finished', async () => (await httpGet(`${running!.url}/healthz`)).status === 200);
  });
});
