import { runAppCli, runAppWithConfig } from '@infscale/runtime/testing';
import { infAdapterApp } from './build';

jest.setTimeout(30_000);

const doc = (scaler: Record<string, unknown>) => ({
  scaler,
  prometheus: { serverAddress: 'http://127.0.0.1:9', namespace: 'serving' },
  kubernetes: { template: { spec: { containers: [{ name: 'model', image: 'm:1' }] } } },
});

describe('infadapter command line', () => {
  it('--help explains every flag and the scaler section', async () => {
    const run = await runAppCli(infAdapterApp, ['--help']);
    expect(run.code).toBe(0);
    for (const text of [
      '--config <file>',
      '--dry-run',
      '--once',
      '--log-level <level>',
      '--version',
      '--help',
      'InfAdapter',
      'profile: infadapter-resnet.',
      'variants: list of objects',
      'kubernetes:',
      'INFSCALE_PROMETHEUS_BEARER_TOKEN',
    ]) {
      expect(run.out).toContain(text);
    }
  });

  it.each([
    [
      'a variant the profile does not know',
      { profile: 'infadapter-resnet', variants: [{ name: 'resnet18' }, { name: 'vit' }] },
      'scaler.variants.1.name: not in profile infadapter-resnet',
    ],
    ["a field of the scaler's own schema", { profile: 'infadapter-resnet', budget: { cores: 0 }, variants: [{ name: 'resnet18' }] }, 'scaler.budget.cores:'],
    ['no profile and undescribed variants', { variants: [{ name: 'resnet18' }] }, 'scaler.variants.0.accuracy:'],
  ])('exits 2 on %s, naming the file and field', async (_, scaler, message) => {
    const run = await runAppWithConfig(infAdapterApp, doc(scaler));
    expect(run.code).toBe(2);
    expect(run.err).toContain(`${run.file}: ${message}`);
  });

  it('names the field from the root of a wrapped (chart-style) document', async () => {
    const run = await runAppWithConfig(infAdapterApp, {
      apiVersion: 'infscale.io/v1alpha1',
      kind: 'ScalerConfig',
      spec: doc({ profile: 'infadapter-resnet', variants: [{ name: 'vit' }] }),
    });
    expect(run.code).toBe(2);
    expect(run.err).toContain(`${run.file}: spec.scaler.variants.0.name: not in profile`);
  });
});
