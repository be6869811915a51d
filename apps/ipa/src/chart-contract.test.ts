import { chartConfigCases, describeChartValidation } from '@infscale/runtime/testing';
import { ipaApp } from './build';

jest.setTimeout(60_000);

// The Helm chart's config.yaml (defaults and each examples/ file) through the real runtime and this app's buildScaler.
describe.each(chartConfigCases('ipa'))('helm/infscale $name', ({ config }) => {
  it("is accepted by the runtime and builds the IPA scaler of the chart's pipeline and its forecaster", async () => {
    const built = await ipaApp.buildScaler(config.scaler, config);
    if ('decide' in built) throw new Error('expected a scaler with its forecaster');
    expect(built.scaler.name).toBe('ipa');
    // The chart's upscale check (every 1 s); decisions still every 10 s (tested in packages/scalers).
    expect(built.scaler.intervalMs).toBe(1000);
    expect(built.forecaster).toBeDefined();
  });

  it("gives the actuator the stages' pod template and images, the lease the Role allows and the pod's identity", () => {
    const { kubernetes } = config;
    expect(kubernetes.template?.spec.containers.length).toBeGreaterThan(0);
    expect(kubernetes.images).toEqual({});
    expect(kubernetes.leaderElection).toMatchObject({ leaseName: 'demo-leader', identity: 'demo-7d9f8c6b5-x2x4z' });
  });
});

describeChartValidation(ipaApp);
