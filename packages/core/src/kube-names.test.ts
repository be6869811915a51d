import { dnsLabelProblem, dnsLabelSchema, labelValueSchema } from './kube-names';

describe('Kubernetes names', () => {
  it.each(['a', 'resnet-50', '7b', 'a'.repeat(63)])('a DNS-1123 label: takes %j', (name) => {
    expect(dnsLabelSchema('why').safeParse(name).success).toBe(true);
    expect(dnsLabelProblem(name, 'why')).toBeUndefined();
  });

  it.each(['', 'bad name!', 'ResNet', 'a_b', 'a.b', '-a', 'a-', 'a'.repeat(64)])(
    'a DNS-1123 label: refuses %j with one message saying why and what is valid',
    (name) => {
      const result = dnsLabelSchema('it names the deployment').safeParse(name);
      expect(result.error?.issues.map((i) => i.message)).toEqual([
        'must be a Kubernetes DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters, e.g. resnet-50): it names the deployment',
      ]);
      expect(dnsLabelProblem(name, 'it names the deployment')).toBe(result.error?.issues[0]?.message);
    },
  );

  it('a label value: takes upper case, "_" and ".", refuses the rest and the 64th character', () => {
    const schema = labelValueSchema('it is the variant label');
    expect(['Souvikcmsa-BERT_sentiment_analysis', 'v1.2', 'x'.repeat(63)].map((v) => schema.safeParse(v).success)).toEqual([true, true, true]);
    expect(['bad name!', '_x', 'x.', 'x'.repeat(64), ''].map((v) => schema.safeParse(v).success)).toEqual([false, false, false, false, false]);
  });
});
