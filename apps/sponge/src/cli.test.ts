import { runAppCli, runAppWithConfig } from '@infscale/runtime/testing';
import { spongeApp } from './build';

const doc = (scaler: Record<string, unknown>) => ({
  scaler,
  prometheus: { serverAddress: 'http://127.0.0.1:9', namespace: 'serving' },
  kubernetes: { targets: ['resnet18'] },
});

describe('sponge command line', () => {
  it('--help explains every flag and the scaler section', async () => {
    const run = await runAppCli(spongeApp, ['--help']);
    expect(run.code).toBe(0);
    for (const text of [
      '--config <file>',
      '--dry-run',
      '--once',
      '--log-level <level>',
      '--version',
      'Sponge',
      'targetRef: object, required',
      'modelServerHook: object',
      '    targets: list of text',
    ]) {
      expect(run.out).toContain(text);
    }
  });

  it.each([
    ['no target deployment', { interval: '1s' }, 'scaler.targetRef: required: an object {apiVersion, kind, name (required)}'],
    ['an SLO given as a number', { targetRef: { name: 'resnet18' }, slo: 5 }, 'scaler.slo: must be an object {latencyMs}, not a number (got 5)'],
    ['a scaler field out of range', { targetRef: { name: 'resnet18' }, headroom: 2 }, 'scaler.headroom:'],
    [
      'a hook URL that is not one',
      { targetRef: { name: 'resnet18' }, modelServerHook: { urls: ['resnet18-edf/admin/config'] } },
      'scaler.modelServerHook.urls.0:',
    ],
    [
      'an unknown hook field',
      { targetRef: { name: 'resnet18' }, modelServerHook: { url: 'http://x/admin/config' } },
      'scaler.modelServerHook.url: unknown field (did you mean urls?)',
    ],
    ['an unknown scaler field', { targetRef: { name: 'resnet18' }, slo: { latencyMS: 300 } }, 'scaler.slo.latencyMS: unknown field (did you mean latencyMs?)'],
    ['a zero interval', { targetRef: { name: 'resnet18' }, interval: '0s' }, 'scaler.interval: must be > 0'],
  ])('exits 2 on %s, naming the file and field', async (_, scaler, message) => {
    const run = await runAppWithConfig(spongeApp, doc(scaler));
    expect(run.code).toBe(2);
    expect(run.err).toContain(`${run.file}: ${message}`);
  });
});
