import { ConfigError, parseConfig } from '@infscale/core';
import { infAdapterSectionSchema } from './infadapter/infadapter-section';
import { ipaConfigSchema } from './ipa/ipa-config';
import { spongeConfigSchema } from './sponge/sponge-config';

function issues(schema: Parameters<typeof parseConfig>[0], input: unknown): { path: string; message: string }[] {
  try {
    parseConfig(schema, input, 'test');
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map(({ path, message }) => ({ path, message }));
    throw err;
  }
  return [];
}

const described = (name: string) => ({ name, accuracy: 0.7, capacityRps: [10, 20] });

describe('InfAdapter variant names: the deployment <task>-<name> is built as written', () => {
  it.each(['bad name!', 'ResNet50', 'resnet_50', 'resnet.50', '-r', 'r-', 'r'.repeat(64)])('refuses %j, naming the field and what is valid', (name) => {
    const found = issues(infAdapterSectionSchema, { task: 'resnet', variants: [described('resnet18'), described('resnet34'), described(name)] });
    expect(found).toEqual([
      {
        path: 'variants.2.name',
        message: expect.stringMatching(/^must be a Kubernetes DNS-1123 label \(lower-case letters, digits and "-", .*at most 63 characters.*deployment/),
      },
    ]);
  });

  it('refuses a task that is not a label, and a built name past 63 characters; takes labels that fit', () => {
    for (const name of ['resnet18', 'resnet-50', '7b', 'v'.repeat(56)])
      expect(issues(infAdapterSectionSchema, { task: 'resnet', variants: [described(name)] })).toEqual([]);
    // A Service's name must start with a letter: a task "7b" would pass as a deployment name and fail as a Service's.
    for (const task of ['Res Net', '7b'])
      expect(issues(infAdapterSectionSchema, { task, variants: [described('r18')] })).toEqual([
        { path: 'task', message: expect.stringMatching(/DNS-1035 label \(.*starting with a letter.*<task>-<variant>.*Services/) },
      ]);
    const name = 'v'.repeat(60);
    expect(issues(infAdapterSectionSchema, { task: 'resnet', variants: [described(name)] })).toEqual([
      {
        path: 'variants.0.name',
        message: `makes the deployment name "resnet-${name}" (<task>-<name>), 67 characters; Kubernetes allows at most 63: shorten the task or the variant name`,
      },
    ]);
  });
});

describe('stage names: the infscale.io/stage label the metrics queries select by', () => {
  // The metrics refuse a stage that is not a DNS-1123 label when they render a query, at run time: refused here first.
  it.each(['Detect', 'de tect', 'detect_1', '-x'])('refuses %j for IPA and InfAdapter, naming the field', (name) => {
    const ipa = issues(ipaConfigSchema, { profile: 'video', stages: [{ name, variants: ['yolov5n'] }, { name: 'resnet-human' }] });
    expect(ipa).toContainEqual({ path: 'stages.0.name', message: expect.stringMatching(/^must be a Kubernetes DNS-1123 label .*infscale\.io\/stage/) });
    expect(issues(infAdapterSectionSchema, { task: 'resnet', stage: name, variants: [described('r18')] })).toEqual([
      { path: 'stage', message: expect.stringMatching(/^must be a Kubernetes DNS-1123 label .*infscale\.io\/stage/) },
    ]);
  });
});

describe('targetRef names: a Deployment the actuator acts on', () => {
  it.each(['ResNet', 'resnet.v2', 'resnet_18', 'r'.repeat(64)])('refuses %j for Sponge and IPA, naming the field and the rule', (name) => {
    const message = expect.stringMatching(/^must be a Kubernetes DNS-1123 label .*Deployment in the scaler's namespace/);
    expect(issues(spongeConfigSchema, { targetRef: { name } })).toContainEqual({ path: 'targetRef.name', message });
    expect(issues(ipaConfigSchema, { profile: 'video', stages: [{ name: 'yolo', targetRef: { name } }, { name: 'resnet-human' }] })).toContainEqual({
      path: 'stages.0.targetRef.name',
      message: expect.stringMatching(/^must be a Kubernetes DNS-1035 label .*Service the chart makes for the stage/),
    });
  });

  it("refuses an IPA stage's targetRef that starts with a digit (its Service's name), takes it for Sponge", () => {
    expect(issues(spongeConfigSchema, { targetRef: { name: '1st' } })).toEqual([]);
    expect(issues(ipaConfigSchema, { profile: 'video', stages: [{ name: 'yolo', targetRef: { name: '1st' } }, { name: 'resnet-human' }] })).toEqual([
      { path: 'stages.0.targetRef.name', message: expect.stringMatching(/^must be a Kubernetes DNS-1035 label \(.*starting with a letter/) },
    ]);
    expect(issues(ipaConfigSchema, { profile: 'video', stages: [{ name: 'yolo', targetRef: { name: 'st1' } }, { name: 'resnet-human' }] })).toEqual([]);
  });
});

describe('IPA variant names: ipaDeploymentFor makes a deployment name of any, the pods carry it as a label value', () => {
  const stage = (variants: unknown[]) => ({ sla: { latencyMs: 1000 }, stages: [{ name: 'detect', variants }] });
  const ipaVariant = (name: string) => ({ name, accuracy: 0.5, baseCores: 1, points: [{ batch: 1, latencyMs: 10, throughputRps: 50 }] });

  it.each(['bad name!', '_x', 'x.', 'x'.repeat(64)])('refuses %j, described or by name, naming the field and what is valid', (name) => {
    // What the rule must keep taking: the bundled names (upper case, "_") and described ones like them.
    expect(issues(ipaConfigSchema, { profile: 'audio-sent', stages: [{ name: 'nlp-sent', variants: ['Souvikcmsa-BERT_sentiment_analysis'] }] })).toEqual([]);
    expect(issues(ipaConfigSchema, stage([ipaVariant('My_Model.v2')]))).toEqual([]);
    const message = expect.stringMatching(
      /^must be a Kubernetes label value \(letters, digits, "-", "_" and ".", .*at most 63 characters.*infscale\.io\/variant/,
    );
    expect(issues(ipaConfigSchema, stage([ipaVariant('ok'), ipaVariant(name)]))).toEqual([{ path: 'stages.0.variants.1.name', message }]);
    const byName = { profile: 'audio-sent', stages: [{ name: 'nlp-sent', variants: [name] }] };
    expect(issues(ipaConfigSchema, byName)).toEqual([{ path: 'stages.0.variants.0', message }]);
  });
});
