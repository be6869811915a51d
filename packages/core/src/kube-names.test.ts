import { z } from 'zod';
import {
  DNS1035_LABEL_PATTERN,
  DNS1123_LABEL_PATTERN,
  dns1035LabelSchema,
  DNS1123_SUBDOMAIN_PATTERN,
  dnsLabelProblem,
  dnsLabelSchema,
  dnsSubdomainProblem,
  dnsSubdomainSchema,
  LABEL_VALUE_PATTERN,
  labelValueSchema,
  QUALIFIED_NAME_PATTERN,
  qualifiedNameSchema,
} from './kube-names';

/** Test titles: a long name by its length, others as JSON. */
const cases = (names: string[]) => names.map((name) => ({ name, shown: name.length > 24 ? `${name.length} characters` : JSON.stringify(name) }));

describe('Kubernetes names', () => {
  it.each(cases(['a', 'resnet-50', '7b', 'a--b', 'a'.repeat(63)]))('a DNS-1123 label: takes $shown', ({ name }) => {
    expect(dnsLabelSchema('why').safeParse(name).success).toBe(true);
    expect(dnsLabelProblem(name, 'why')).toBeUndefined();
  });

  it.each(cases(['', 'bad name!', 'ResNet', 'a_b', 'a.b', '-a', 'a-', 'a\nb', 'a'.repeat(64)]))(
    'a DNS-1123 label: refuses $shown with one message saying why and what is valid',
    ({ name }) => {
      const result = dnsLabelSchema('it names the deployment').safeParse(name);
      expect(result.error?.issues.map((i) => i.message)).toEqual([
        'must be a Kubernetes DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters, e.g. resnet-50): it names the deployment',
      ]);
      expect(dnsLabelProblem(name, 'it names the deployment')).toBe(result.error?.issues[0]?.message);
    },
  );

  it.each(cases(['a', 'resnet-50', 'a7', 'a'.repeat(63)]))('a DNS-1035 label (a Service name): takes $shown', ({ name }) => {
    expect(dns1035LabelSchema('why').safeParse(name).success).toBe(true);
  });

  it.each(cases(['', '7b', '0', '-a', 'a-', 'Ab', 'a.b', 'a'.repeat(64)]))('a DNS-1035 label: refuses $shown, a leading digit too', ({ name }) => {
    expect(
      dns1035LabelSchema('it names a Service')
        .safeParse(name)
        .error?.issues.map((i) => i.message),
    ).toEqual([
      'must be a Kubernetes DNS-1035 label (lower-case letters, digits and "-", starting with a letter and ending with a letter or digit, at most 63 characters, e.g. resnet-50): it names a Service',
    ]);
  });

  it.each(cases(['a', 'resnet-50', 'resnet-50.v2', 'a.b.c', '1.2', 'a'.repeat(100), `${'a'.repeat(63)}.`.repeat(3) + 'a'.repeat(61)]))(
    'a DNS-1123 subdomain: takes $shown (dots, parts longer than 63, up to 253 characters)',
    ({ name }) => {
      expect(name.length).toBeLessThanOrEqual(253);
      expect(dnsSubdomainProblem(name, 'why')).toBeUndefined();
    },
  );

  it.each(
    cases([
      '',
      'ResNet.v2',
      'a_b',
      '-a',
      'a-',
      '.a',
      'a.',
      'a..b',
      'a-.b',
      'a.-b',
      'a/b',
      'a\nb',
      'a'.repeat(254),
      `${'a'.repeat(63)}.`.repeat(3) + 'a'.repeat(62),
    ]),
  )('a DNS-1123 subdomain: refuses $shown with a message saying why and what is valid', ({ name }) => {
    expect(dnsSubdomainProblem(name, 'it is the name of a deployment the query reads')).toBe(
      'must be a Kubernetes DNS-1123 subdomain (lower-case letters, digits, "-" and ".", each "."-separated part starting and ending with a letter or digit, at most 253 characters, e.g. resnet-50.v2): it is the name of a deployment the query reads',
    );
  });

  it('a DNS-1123 subdomain schema: takes what dnsSubdomainProblem takes, refuses the rest with its one message; JSON Schema says both limits', () => {
    const schema = dnsSubdomainSchema('it is the name of the Lease object');
    const takes = ['a', 'resnet-50.v2', 'a'.repeat(64), 'a'.repeat(253), `${'a'.repeat(63)}.`.repeat(3) + 'a'.repeat(61)];
    expect(takes.map((v) => schema.safeParse(v).success)).toEqual(takes.map(() => true));
    // Too long and badly formed at once: still one message, the rule's.
    for (const name of ['', 'a.', 'ResNet', 'a'.repeat(254), 'A'.repeat(300)]) {
      expect(schema.safeParse(name).error?.issues.map((i) => i.message)).toEqual([dnsSubdomainProblem(name, 'it is the name of the Lease object')]);
    }
    expect(z.toJSONSchema(schema)).toMatchObject({ type: 'string', maxLength: 253, pattern: DNS1123_SUBDOMAIN_PATTERN });
  });

  it('a label value: takes upper case, "_" and ".", refuses the rest and the 64th character', () => {
    const schema = labelValueSchema('it is the variant label');
    expect(['Souvikcmsa-BERT_sentiment_analysis', 'v1.2', 'x'.repeat(63)].map((v) => schema.safeParse(v).success)).toEqual([true, true, true]);
    expect(['bad name!', '_x', 'x.', 'x'.repeat(64), ''].map((v) => schema.safeParse(v).success)).toEqual([false, false, false, false, false]);
    expect(schema.safeParse('bad name!').error?.issues.map((i) => i.message)).toEqual([
      'must be a Kubernetes label value (letters, digits, "-", "_" and ".", starting and ending with a letter or digit, at most 63 characters, e.g. resnet_50.v2): it is the variant label',
    ]);
  });

  it('a qualified name: an optional subdomain prefix and "/", then a name like a label value', () => {
    const schema = qualifiedNameSchema('it is a pod condition type');
    const takes = ['infscale.io/resized', 'Ready', 'example.com/My_Gate.v1', `${'a'.repeat(100)}/x`, `a/${'x'.repeat(63)}`];
    const refuses = ['', 'infscale.io/', '/resized', 'Infscale.io/resized', 'a/b/c', '-a/b', 'a/_b', `a/${'x'.repeat(64)}`];
    expect(takes.map((v) => schema.safeParse(v).success)).toEqual(takes.map(() => true));
    expect(refuses.map((v) => schema.safeParse(v).success)).toEqual(refuses.map(() => false));
    expect(schema.safeParse('a/b/c').error?.issues.map((i) => i.message)).toEqual([
      'must be a Kubernetes qualified name (an optional DNS-1123 subdomain and "/", then letters, digits, "-", "_" and ".", starting and ending with a letter or digit, at most 63 characters, e.g. infscale.io/resized): it is a pod condition type',
    ]);
  });

  it('the patterns stay within RE2 (Go regexp, which helm checks values.schema.json with): no look-arounds or back-references', () => {
    for (const pattern of [DNS1035_LABEL_PATTERN, DNS1123_LABEL_PATTERN, DNS1123_SUBDOMAIN_PATTERN, LABEL_VALUE_PATTERN, QUALIFIED_NAME_PATTERN]) {
      expect(pattern).not.toMatch(/\(\?[=!<]|\\[1-9]/);
      expect(pattern).toMatch(/^\^.*\$$/);
    }
  });
});
