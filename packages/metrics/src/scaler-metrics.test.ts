import { ControllerLoop, ManualClock, type ClusterActuator, type ClusterState, type DecisionRecord, type Scaler } from '@infscale/core';
import { cluster as clusterOf, deployment } from '@infscale/core/testing';
import { holdReasonClass, ScalerMetrics } from './scaler-metrics';

// Two pods of 4 cores decided, one ready and still at 2 cores (a resize under way).
const cluster: ClusterState = clusterOf().with(deployment('resnet18').replicas(2).cores(4).ready(1).actualCores(2)).build();

const apply = (names: string[]): DecisionRecord => ({
  nowMs: 0,
  observedRps: 42,
  forecast: { peakRps: 55, horizonSeconds: 60, method: 'ewma' },
  decision: {
    kind: 'apply',
    resize: 'in-place',
    reason: 'more load',
    desired: { deployments: names.map((name) => ({ name, variant: name, stage: 'main', replicas: 3, cores: 8, batch: 1 })), routing: [] },
  },
});

async function text(m: ScalerMetrics): Promise<string> {
  return m.registry.metrics();
}

describe('ScalerMetrics', () => {
  it('counts decisions and sets desired, predicted and observed values', async () => {
    const m = new ScalerMetrics('infadapter');
    m.recordTick(apply(['resnet18', 'resnet50']), 0.012);
    const out = await text(m);
    expect(out).toContain('infscale_infadapter_decisions_total{kind="apply"} 1');
    expect(out).toContain('infscale_infadapter_desired_replicas{deployment="resnet50"} 3');
    expect(out).toContain('infscale_infadapter_desired_cores{deployment="resnet18"} 8');
    expect(out).toContain('infscale_infadapter_predicted_load_rps 55');
    expect(out).toContain('infscale_infadapter_observed_load_rps 42');
    expect(out).toContain('infscale_infadapter_decision_duration_seconds_bucket{le="0.025"} 1');
    expect(out).toContain('infscale_infadapter_decision_duration_seconds_bucket{le="0.01"} 0');
  });

  it('a later decision without a deployment removes its desired series', async () => {
    const m = new ScalerMetrics('infadapter');
    m.recordTick(apply(['resnet18', 'resnet50']), 0.01);
    m.recordTick(apply(['resnet18']), 0.01);
    expect(await text(m)).not.toContain('deployment="resnet50"');
  });

  it('exports the numeric details of the last applied decision, and only those', async () => {
    const m = new ScalerMetrics('infadapter');
    const first = apply(['resnet18']);
    if (first.decision.kind === 'apply')
      first.decision.details = { objective: 0.69, expectedAccuracy: 0.729, 'cores.resnet18': 8, forecastMethod: 'lstm', bad: NaN };
    m.recordTick(first, 0.01);
    let out = await text(m);
    expect(out).toContain('infscale_infadapter_decision_value{name="objective"} 0.69');
    expect(out).toContain('infscale_infadapter_decision_value{name="cores.resnet18"} 8');
    expect(out).not.toContain('name="forecastMethod"');
    expect(out).not.toContain('name="bad"');
    const second = apply(['resnet50']);
    if (second.decision.kind === 'apply') second.decision.details = { objective: 0.7 };
    m.recordTick(second, 0.01);
    out = await text(m);
    expect(out).toContain('infscale_infadapter_decision_value{name="objective"} 0.7');
    expect(out).not.toContain('name="cores.resnet18"');
  });

  it('classifies holds and counts failures as errors', async () => {
    const m = new ScalerMetrics('ms-plus');
    const hold = (reason: string): DecisionRecord => ({ nowMs: 0, decision: { kind: 'hold', reason } });
    m.recordTick(hold('no data: arrivalRate: empty result'), 0.001);
    m.recordTick(hold('actuator refused the plan: conflict'), 0.001);
    m.recordTick(hold('downscale stabilization 2/4'), 0.001);
    m.recordTick(hold('standby: pod-b is not the leader; another replica acts on the cluster'), 0.001);
    m.recordTick({ nowMs: 0, decision: { kind: 'hold', reason: 'ipa: between decisions (…)', quiet: true } }, 0.001);
    const out = await text(m);
    expect(out).toContain('infscale_ms_plus_holds_total{reason_class="waiting"} 1');
    expect(out).toContain('infscale_ms_plus_holds_total{reason_class="standby"} 1');
    expect(out).toContain('infscale_ms_plus_holds_total{reason_class="no-data"} 1');
    expect(out).toContain('infscale_ms_plus_holds_total{reason_class="actuator"} 1');
    expect(out).toContain('infscale_ms_plus_holds_total{reason_class="scaler"} 1');
    expect(out).toContain('infscale_ms_plus_errors_total 1');
    expect(out).toContain('infscale_ms_plus_decisions_total{kind="hold"} 5');
  });

  it('exports the current state of the cluster', async () => {
    const m = new ScalerMetrics('sponge');
    m.observeCluster(cluster);
    const out = await text(m);
    expect(out).toContain('infscale_sponge_current_replicas{deployment="resnet18"} 2');
    expect(out).toContain('infscale_sponge_current_ready_replicas{deployment="resnet18"} 1');
    expect(out).toContain('infscale_sponge_current_cores{deployment="resnet18"} 2');
  });

  it('refuses a scaler name that cannot be part of a metric name', () => {
    expect(() => new ScalerMetrics('Bad Name')).toThrow(/cannot be part of a metric name/);
  });

  it("classifies the core ControllerLoop's own no-data hold", async () => {
    const scaler: Scaler<null> = {
      name: 'probe',
      intervalMs: 1000,
      observationRequest: (nowMs) => ({ nowMs, historySeconds: 10, deployments: ['resnet18'] }),
      initialState: () => null,
      decide: () => ({ decision: { kind: 'hold', reason: 'never reached' }, state: null }),
    };
    const actuator: ClusterActuator = { current: async () => cluster, submit: async () => undefined, status: () => ({ busy: false }) };
    const loop = new ControllerLoop({
      scaler,
      actuator,
      clock: new ManualClock(0),
      metrics: { observe: async () => ({ kind: 'no-data', reason: 'prometheus down' }) },
    });
    const record = await loop.tick();
    expect(holdReasonClass(record.decision.kind === 'hold' ? record.decision.reason : '')).toBe('no-data');
  });
});
