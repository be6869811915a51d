import { runAppCli, runAppWithConfig } from '@infscale/runtime/testing';
import { ipaApp } from './build';

const doc = (scaler: Record<string, unknown>) => ({
  scaler,
  prometheus: { serverAddress: 'http://127.0.0.1:9', namespace: 'serving' },
  kubernetes: { template: { spec: { containers: [{ name: 'model', image: 'm:1' }] } } },
});

describe('ipa command line', () => {
  it('--help explains every flag and the scaler section', async () => {
    const run = await runAppCli(ipaApp, ['--help']);
    expect(run.code).toBe(0);
    for (const text of [
      '--config <file>',
      '--dry-run',
      '--once',
      '--log-level <level>',
      '--version',
      'IPA',
      'profile: video | audio-qa',
      'mode: ipa | fa2-low | fa2-high | rim',
      'kubernetes:',
    ]) {
      expect(run.out).toContain(text);
    }
  });

  it.each([
    ['an unknown pipeline', { profile: 'speech' }, 'scaler.profile:'],
    ["a stage that is not the profile's", { profile: 'video', stages: [{ name: 'yolo' }, { name: 'vit' }] }, 'scaler.stages.1.name:'],
    [
      'a described pipeline without an SLA',
      { stages: [{ name: 's', variants: [{ name: 'v', accuracy: 0.9, baseCores: 1, points: [{ batch: 1, latencyMs: 10, throughputRps: 100 }] }] }] },
      'scaler.sla.latencyMs:',
    ],
  ])('exits 2 on %s, naming the file and field', async (_, scaler, message) => {
    const run = await runAppWithConfig(ipaApp, doc(scaler));
    expect(run.code).toBe(2);
    expect(run.err).toContain(`${run.file}: ${message}`);
  });
});
