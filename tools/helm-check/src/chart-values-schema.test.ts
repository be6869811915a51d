import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonSchema } from '@infscale/core';
import { registeredScalerApp, scalerCli } from '@infscale/runtime';
import { defineScaler, scalerRegistry } from '@infscale/scalers';
import { requireBinary } from '@infscale/tool-testenv';
import { z } from 'zod';
import { chartValuesSchema, valuesSchemaText } from './chart-values-schema';
import { CHART_DIR } from './test-support/charts';
import { holdingScaler } from '@infscale/scalers/testing';

jest.setTimeout(60_000);

const FILE = join(CHART_DIR, 'values.schema.json');
const committed = (): JsonSchema => JSON.parse(readFileSync(FILE, 'utf8')) as JsonSchema;

/** Every `pattern` in a schema, with where it is. */
function patterns(value: unknown, at = ''): { at: string; pattern: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => patterns(v, `${at}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'pattern' && typeof v === 'string' ? [{ at, pattern: v }] : patterns(v, at ? `${at}.${k}` : k)));
}

/** What Go's regexp (RE2), which helm checks values.schema.json with, cannot compile: look-around and back-references. */
function goRegexpProblem(pattern: string): string | undefined {
  if (/\(\?<?[=!]/.test(pattern)) return 'look-around';
  if (/\\[1-9]|\\k</.test(pattern)) return 'back-reference';
  return undefined;
}

describe('helm/infscale/values.schema.json', () => {
  it('is what the zod schemas generate (run `npm run generate -w @infscale/tool-helm-check` after changing one)', () => {
    expect(readFileSync(FILE, 'utf8')).toBe(valuesSchemaText(chartValuesSchema(committed(), scalerRegistry)));
  });

  it("has only patterns Go's regexp compiles (helm v4 refuses the whole chart otherwise)", () => {
    const found = patterns(committed());
    expect(found.length).toBeGreaterThan(10);
    expect(found.filter((p) => goRegexpProblem(p.pattern) !== undefined)).toEqual([]);
    expect(goRegexpProblem('^(?=.*[a-z])[a-z0-9-]+$')).toBe('look-around');
  });

  it("takes a new deployed scaler's section, choice and if/then from the registry alone", () => {
    const tiny = defineScaler({
      name: 'tiny',
      description: 'Holds.',
      config: z.strictObject({ window: z.number().int().min(1).default(3).describe('Seconds it looks back.') }),
      create: () => holdingScaler('tiny'),
      simulation: { profiles: ['sponge'] },
      actuator: () => ({ actions: [], resize: [] }),
      deploy: { dashboard: 'infscale-tiny', chart: { actuatorKeys: [] } },
    });
    const schema = chartValuesSchema(committed(), scalerRegistry.with(tiny));
    const properties = schema.properties as Record<string, JsonSchema>;
    expect(properties.scaler?.enum).toEqual(['infadapter', 'ipa', 'sponge', 'tiny']);
    expect(properties.tiny?.properties).toEqual({ window: { default: 3, description: 'Seconds it looks back.', type: 'integer', minimum: 1 } });
    expect(schema.allOf).toContainEqual({ if: { properties: { scaler: { const: 'tiny' } }, required: ['scaler'] }, then: { required: ['tiny'] } });
    // And back without it: its section goes with it.
    expect((chartValuesSchema(schema, scalerRegistry).properties as Record<string, unknown>).tiny).toBeUndefined();
  });
});

/**
 * The chart check and the app give the same answer on a duration: `helm template` (the pinned helm,
 * checking values.schema.json with Go's regexp) against `<app> --validate` on what it renders.
 */
describe('a duration, by the chart and by the app', () => {
  const dir = mkdtempSync(join(tmpdir(), 'helm-durations-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const helm = requireBinary('helm');
  const ipa = registeredScalerApp(scalerRegistry.get('ipa'));

  function chartCheck(values: Record<string, unknown>): { ok: true; stream: string } | { ok: false; message: string } {
    // JSON, a YAML helm reads as written: a YAML `off` would be its boolean false (YAML 1.1), not the text.
    const file = join(dir, 'values.json');
    writeFileSync(file, JSON.stringify(values));
    const env = { ...process.env, HELM_CACHE_HOME: join(dir, 'cache'), HELM_CONFIG_HOME: join(dir, 'config'), HELM_DATA_HOME: join(dir, 'data') };
    const run = spawnSync(helm, ['template', 'demo', CHART_DIR, '-n', 'models', '-f', file], { env, encoding: 'utf8' });
    return run.status === 0 ? { ok: true, stream: run.stdout } : { ok: false, message: run.stderr };
  }

  async function appCheck(stream: string, app = ipa): Promise<{ code: number; text: string }> {
    const out: string[] = [];
    const code = await scalerCli(['--validate', '-c', '-'], app, {
      stdout: (t) => void out.push(t),
      stderr: (t) => void out.push(t),
      env: {},
      exit: () => undefined,
      readStdin: () => stream,
    });
    return { code, text: out.join('') };
  }

  it.each(['1m30s', '1h', '10s', '1.5s', '2500ms', 90_000])('accepts ipa.interval %j in both', async (interval) => {
    const chart = chartCheck({ scaler: 'ipa', ipa: { interval, upscaleCheck: 'off' } });
    if (!chart.ok) throw new Error(chart.message);
    expect(await appCheck(chart.stream)).toMatchObject({ code: 0 });
  });

  it.each(['0s', '10 seconds', '-5s', '30', '1h30x', 0])('refuses ipa.interval %j in both, naming the field', async (interval) => {
    const chart = chartCheck({ scaler: 'ipa', ipa: { interval } });
    expect(chart).toMatchObject({ ok: false, message: expect.stringMatching(/ipa\/interval|ipa\.interval/) });
    // The same value as the app reads it, past the chart's check (a config written by hand).
    const bypass = chartCheck({ scaler: 'ipa', ipa: { interval: '10s' } });
    if (!bypass.ok) throw new Error(bypass.message);
    const stream = bypass.stream.replace(/^( +)interval: 10s$/m, (_all, indent: string) => `${indent}interval: ${JSON.stringify(interval)}`);
    expect(stream).not.toBe(bypass.stream);
    const app = await appCheck(stream);
    expect(app.code).toBe(2);
    expect(app.text).toMatch(/scaler\.interval:/);
  });

  it('passes infadapter.burstSpare through to the app: a spare for the improved method, refused with method paper', async () => {
    const infadapter = registeredScalerApp(scalerRegistry.get('infadapter'));
    const on = chartCheck({ scaler: 'infadapter', infadapter: { burstSpare: { holdFor: '10m', minRise: 3 } } });
    if (!on.ok) throw new Error(on.message);
    expect(on.stream).toMatch(/burstSpare:\n +holdFor: 10m\n +minRise: 3/);
    expect(await appCheck(on.stream, infadapter)).toMatchObject({ code: 0 });
    expect(chartCheck({ scaler: 'infadapter', infadapter: { burstSpare: { minRise: 0.5 } } })).toMatchObject({ ok: false });
    const paper = chartCheck({ scaler: 'infadapter', infadapter: { method: 'paper', burstSpare: {} } });
    if (!paper.ok) throw new Error(paper.message);
    const app = await appCheck(paper.stream, infadapter);
    expect(app.code).toBe(2);
    expect(app.text).toMatch(/burstSpare: needs method "improved"/);
    // A named spare: one of the chart's variants passes; another is the app's to refuse (the schema
    // does not know the variants), naming the field and the variants it could be.
    const named = chartCheck({ scaler: 'infadapter', infadapter: { burstSpare: { variant: 'resnet34' } } });
    if (!named.ok) throw new Error(named.message);
    expect(named.stream).toMatch(/burstSpare:\n(?: +\w+: \S+\n)* +variant: resnet34/);
    expect(await appCheck(named.stream, infadapter)).toMatchObject({ code: 0 });
    const unknown = chartCheck({ scaler: 'infadapter', infadapter: { burstSpare: { variant: 'resnet9' } } });
    if (!unknown.ok) throw new Error(unknown.message);
    const refused = await appCheck(unknown.stream, infadapter);
    expect(refused.code).toBe(2);
    expect(refused.text).toMatch(/burstSpare\.variant: "resnet9" is not one of the variants \(resnet18, resnet34, resnet50, resnet101, resnet152\)/);
  });

  it("refuses a variant name Kubernetes would refuse in the chart; the app names the field on a config past the chart's check", async () => {
    const infadapter = registeredScalerApp(scalerRegistry.get('infadapter'));
    const variants = (last: string) => [{ name: 'resnet18' }, { name: 'resnet34' }, { name: last }];
    for (const bad of ['bad name!', 'ResNet50', 'r'.repeat(64)]) {
      expect(chartCheck({ scaler: 'infadapter', infadapter: { variants: variants(bad) } })).toMatchObject({
        ok: false,
        message: expect.stringMatching(/infadapter\/variants\/2\/name/),
      });
    }
    const good = chartCheck({ scaler: 'infadapter', infadapter: { variants: variants('resnet50') } });
    if (!good.ok) throw new Error(good.message);
    expect(await appCheck(good.stream, infadapter)).toMatchObject({ code: 0 });
    const stream = good.stream.replace(/^( +(?:- )?)name: resnet50$/m, (_all, indent: string) => `${indent}name: "bad name!"`);
    expect(stream).not.toBe(good.stream);
    const app = await appCheck(stream, infadapter);
    expect(app.code).toBe(2);
    expect(app.text).toMatch(/scaler\.variants\.2\.name: must be a Kubernetes DNS-1123 label \(lower-case letters, digits and "-"/);
    // IPA derives the deployment name, so its bundled names with upper case pass; the label value must still be one.
    const ipaStage = (variants: unknown[]) => ({
      scaler: 'ipa',
      ipa: { profile: 'audio-sent', stages: [{ name: 'nlp-sent', targetRef: { name: 'sent' }, maxBatch: 8, variants }] },
    });
    const bundled = chartCheck(ipaStage(['Souvikcmsa-BERT_sentiment_analysis']));
    if (!bundled.ok) throw new Error(bundled.message);
    expect(chartCheck(ipaStage(['bad name!']))).toMatchObject({ ok: false, message: expect.stringMatching(/ipa\/stages\/0\/variants\/0/) });
  });

  it('passes ipa.improved.podReadySeconds through to the app, and refuses a negative one in the chart', async () => {
    const ipa = registeredScalerApp(scalerRegistry.get('ipa'));
    const on = chartCheck({ scaler: 'ipa', ipa: { improved: { podReadySeconds: 20 } } });
    if (!on.ok) throw new Error(on.message);
    expect(on.stream).toMatch(/improved:\n +podReadySeconds: 20/);
    expect(await appCheck(on.stream, ipa)).toMatchObject({ code: 0 });
    expect(chartCheck({ scaler: 'ipa', ipa: { improved: { podReadySeconds: -1 } } })).toMatchObject({ ok: false });
  });

  it('passes ipa.improved.floorNoise (a number or off) and burstNoise through; refuses a negative burstNoise and a word other than off', async () => {
    const ipa = registeredScalerApp(scalerRegistry.get('ipa'));
    const off = chartCheck({ scaler: 'ipa', ipa: { improved: { floorNoise: 'off', burstNoise: 0 } } });
    if (!off.ok) throw new Error(off.message);
    expect(off.stream).toMatch(/floorNoise: "?off"?\n/);
    expect(off.stream).toMatch(/burstNoise: 0/);
    expect(await appCheck(off.stream, ipa)).toMatchObject({ code: 0 });
    expect(chartCheck({ scaler: 'ipa', ipa: { improved: { burstNoise: -1 } } })).toMatchObject({ ok: false });
    expect(chartCheck({ scaler: 'ipa', ipa: { improved: { floorNoise: 'busiest' } } })).toMatchObject({ ok: false });
  });
});
