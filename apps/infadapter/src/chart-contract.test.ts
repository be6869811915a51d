import { chartConfigCases, describeChartValidation } from '@infscale/runtime/testing';
import { infAdapterApp } from './build';

jest.setTimeout(60_000);

// The Helm chart's config.yaml, as rendered from its defaults and each examples/ file, is what this
// app reads in a pod: the real runtime parses it and the app's buildScaler accepts its scaler section.
describe.each(chartConfigCases('infadapter'))('helm/infscale $name', ({ config }) => {
  it('is accepted by the runtime and builds the InfAdapter scaler and its forecaster', async () => {
    const built = await infAdapterApp.buildScaler(config.scaler, config);
    if ('decide' in built) throw new Error('expected a scaler with its forecaster');
    expect(built.scaler.name).toBe('infadapter');
    // The method's upscale check (improved, the chart's default: every second; paper: every 5 s); decisions
    // still every 30 s (tested in packages/scalers).
    expect(built.scaler.intervalMs).toBe(config.scaler.method === 'paper' ? 5_000 : 1_000);
    expect(built.forecaster?.name).toMatch(/lstm/);
  });

  it("gives the actuator the variants' pod template and images, the lease the Role allows and the pod's identity", () => {
    const { kubernetes, prometheus } = config;
    expect(kubernetes.template?.spec.containers[0]?.name).toBe('model');
    const variants = (config.scaler.variants as { name: string; image?: string }[]).filter((v) => v.image);
    expect(kubernetes.images).toEqual(Object.fromEntries(variants.map((v) => [v.name, v.image])));
    expect(kubernetes.leaderElection).toMatchObject({ enabled: true, leaseName: 'demo-leader', identity: 'demo-7d9f8c6b5-x2x4z' });
    expect({ k: kubernetes.namespace, p: prometheus.namespace }).toEqual({ k: 'models', p: 'models' });
    expect(prometheus.auth).toEqual({ type: 'bearer', token: 'from-a-secret' });
  });
});

describeChartValidation(infAdapterApp);
