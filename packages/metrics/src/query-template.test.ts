import { DEFAULT_QUERIES, QUERY_PRESETS, QUERY_SPECS, type QueryName } from './catalogue';
import { renderQuery, templateProblems } from './query-template';

describe('templateProblems', () => {
  it('accepts every default and preset template', () => {
    for (const preset of Object.values(QUERY_PRESETS)) {
      for (const [name, template] of Object.entries({ ...DEFAULT_QUERIES, ...preset })) {
        expect([name, templateProblems(name as QueryName, template)]).toEqual([name, []]);
      }
    }
  });

  it.each([
    ['a label placeholder outside quotes', 'up{namespace={{namespace}}}', /must be inside a "double" or 'single' quoted string/],
    ['a label placeholder inside a raw string', 'up{namespace=`{{namespace}}`}', /must be inside/],
    ['a window inside quotes', 'rate(x{a="{{window}}"}[1m])', /must be outside strings/],
    ['an unknown placeholder', 'up{a="{{tenant}}"}', /\{\{tenant\}\} is not available here/],
    ['deployment in a multi-deployment query', 'up{deployment="{{deployment}}"}', /\{\{deployment\}\} is not available here/],
    ['an empty template', '  ', /empty/],
  ])('rejects %s', (_what, template, message) => {
    expect(templateProblems('arrivalRate', template).join('; ')).toMatch(message);
  });

  it('is not fooled by an escaped quote before the placeholder', () => {
    expect(templateProblems('arrivalRate', 'up{a="x\\"{{namespace}}"}')).toEqual([]);
    expect(templateProblems('arrivalRate', 'up{a="x\\\\"} or up{b={{namespace}}}')).not.toEqual([]);
  });

  it('every spec lists the placeholders of its default', () => {
    for (const [name, spec] of Object.entries(QUERY_SPECS)) {
      for (const m of DEFAULT_QUERIES[name as QueryName].matchAll(/\{\{(\w+)\}\}/g)) expect(spec.placeholders).toContain(m[1]);
    }
  });
});

describe('renderQuery', () => {
  const template = 'sum(rate(x{namespace="{{namespace}}",pod=~"{{podRegex}}",d=~"{{deploymentRegex}}"}[{{window}}]))';

  it('fills names, regexes and the window', () => {
    expect(renderQuery(template, { namespace: 'infer', deployments: ['a.b', 'c'], window: '5s' })).toEqual({
      kind: 'ok',
      query: 'sum(rate(x{namespace="infer",pod=~"(?:a\\x5c.b|c)-[a-z0-9]+-[a-z0-9]+",d=~"a\\x5c.b|c"}[5s]))',
    });
  });

  it('takes a deployment name of 253 characters with dots (a DNS-1123 subdomain), and says what is wrong with a bad one', () => {
    const long = `${'d'.repeat(200)}.${'e'.repeat(52)}`;
    expect(renderQuery('x{d="{{deployment}}"}', { namespace: 'n', deployments: [long] })).toEqual({ kind: 'ok', query: `x{d="${long}"}` });
    expect(renderQuery(template, { namespace: 'n', deployments: ['Web'], window: '5s' })).toEqual({
      kind: 'invalid',
      reason:
        'deployment "Web": must be a Kubernetes DNS-1123 subdomain (lower-case letters, digits, "-" and ".", each "."-separated part starting and ending ' +
        'with a letter or digit, at most 253 characters, e.g. resnet-50.v2): it is the name of a deployment the query reads',
    });
  });

  it('fills a single deployment and the quantile', () => {
    const r = renderQuery('q({{quantile}}, x{d="{{deployment}}"})', { namespace: 'n', deployments: ['web'], quantile: 0.99 });
    expect(r).toEqual({ kind: 'ok', query: 'q(0.99, x{d="web"})' });
  });

  it.each([
    [
      'a hostile deployment',
      { namespace: 'ns', deployments: ['a', 'a"} or vector(1) #'], window: '5s' },
      /^deployment "a\\"} or vector\(1\) #": must be a Kubernetes DNS-1123 subdomain/,
    ],
    ['an upper-case namespace', { namespace: 'NS', deployments: ['a'], window: '5s' }, /^namespace "NS": must be a Kubernetes DNS-1123 label/],
    ['a dotted namespace', { namespace: 'n.s', deployments: ['a'], window: '5s' }, /^namespace "n\.s": must be a Kubernetes DNS-1123 label/],
    ['a namespace of 64 characters', { namespace: 'n'.repeat(64), deployments: ['a'], window: '5s' }, /^namespace "n{64}": .*at most 63 characters/],
    ['a newline in a deployment', { namespace: 'ns', deployments: ['a\nb'], window: '5s' }, /^deployment "a\\nb": must be a Kubernetes DNS-1123 subdomain/],
    ['a deployment of 254 characters', { namespace: 'ns', deployments: ['d'.repeat(254)], window: '5s' }, /^deployment "d{254}": .*at most 253 characters/],
    [
      'a dotted stage',
      { namespace: 'ns', deployments: ['a'], window: '5s', stage: 'pre.process' },
      /^stage "pre\.process": must be a Kubernetes DNS-1123 label/,
    ],
    ['no deployment', { namespace: 'ns', deployments: [], window: '5s' }, /no deployment/],
    ['a bad window', { namespace: 'ns', deployments: ['a'], window: '5s]) or vector(1' }, /not a Prometheus duration/],
    ['a missing window', { namespace: 'ns', deployments: ['a'] }, /no value for \{\{window\}\}/],
  ])('refuses %s', (_what, vars, reason) => {
    expect(renderQuery(template, vars)).toEqual({ kind: 'invalid', reason: expect.stringMatching(reason) });
  });
});
