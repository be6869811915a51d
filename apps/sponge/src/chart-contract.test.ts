import { helmTemplate } from '@infscale/kube/testing';
import { parseConfigText, parseProcessConfig } from '@infscale/runtime';
import { CHART_POD_ENV, CHART_RELEASE, chartConfigCases, describeChartValidation, renderedConfigText } from '@infscale/runtime/testing';
import { spongeApp } from './build';

// The Helm chart's config.yaml (defaults and each examples/ file) through the real runtime and this app's buildScaler.
describe.each(chartConfigCases('sponge'))('helm/infscale $name', ({ config }) => {
  it('is accepted by the runtime and builds Sponge with its forecaster and model-server hook', async () => {
    const built = await spongeApp.buildScaler(config.scaler, config);
    if ('decide' in built) throw new Error('expected a scaler with its forecaster and hook');
    expect(built.scaler.name).toBe('sponge');
    expect(built.scaler.intervalMs).toBe(1_000);
    expect(built.forecaster?.name).toBe('last-max');
    expect(built.afterPlan).toBeInstanceOf(Function);
  });

  it("targets the existing deployment instead of a template, with the lease the Role allows and the pod's identity", () => {
    const { kubernetes } = config;
    expect(kubernetes.template).toBeUndefined();
    expect(kubernetes.targets).toEqual([(config.scaler.targetRef as { name: string }).name]);
    expect(kubernetes.batchEnv).toBe(false); // the batch goes to the EDF proxy by the hook; no restart
    expect(kubernetes.leaderElection).toMatchObject({ leaseName: 'demo-leader', identity: 'demo-7d9f8c6b5-x2x4z' });
  });
});

// Not in any example (off by default): the chart's readiness gate value reaches the actuator, not the scaler.
describe('helm/infscale with sponge.resizeReadinessGate', () => {
  it('is accepted by the runtime as kubernetes.resizeReadinessGate, and Sponge builds from the rest', async () => {
    const text = renderedConfigText(helmTemplate({ scaler: 'sponge', sponge: { resizeReadinessGate: 'infscale.io/resized' } }, { release: CHART_RELEASE }));
    const config = parseProcessConfig(parseConfigText(text, 'gated config.yaml'), 'gated config.yaml', { name: 'sponge', env: CHART_POD_ENV });
    expect(config.kubernetes.resizeReadinessGate).toBe('infscale.io/resized');
    expect(config.scaler).not.toHaveProperty('resizeReadinessGate');
    const built = await spongeApp.buildScaler(config.scaler, config);
    expect('decide' in built ? built.name : built.scaler.name).toBe('sponge');
  });
});

describeChartValidation(spongeApp);
