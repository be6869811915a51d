import { escapeLabelValue, escapeRegexLiteral } from './promql-escape';

describe('escapeLabelValue', () => {
  it.each([
    ['resnet18-5d9c7b8f4-abcde', 'resnet18-5d9c7b8f4-abcde'],
    ['a"} or vector(1) #', 'a\\x22} or vector(1) #'],
    ["it's", 'it\\x27s'],
    ['back\\slash', 'back\\x5cslash'],
    ['line\nbreak\r\t', 'line\\x0abreak\\x0d\\x09'],
    ['`raw`', '\\x60raw\\x60'],
    ['é', '\\u00e9'],
    ['🙂', '\\U0001f642'],
  ])('%j → %s', (input, expected) => {
    expect(escapeLabelValue(input)).toBe(expected);
  });

  it('leaves no quote, backslash-quote or newline that could end the string', () => {
    const out = escapeLabelValue('x\\"\'\n`');
    expect(out).not.toMatch(/["'`\n]/);
    expect(out.replace(/\\x[0-9a-f]{2}/g, '')).toBe('x');
  });
});

describe('escapeRegexLiteral', () => {
  it('escapes every RE2 metacharacter', () => {
    expect(escapeRegexLiteral('a.b*c+d?e(f)[g]{h}|i^$\\')).toBe('a\\.b\\*c\\+d\\?e\\(f\\)\\[g\\]\\{h\\}\\|i\\^\\$\\\\');
  });

  it('matches itself and nothing else', () => {
    const re = new RegExp(`^${escapeRegexLiteral('my.app')}$`);
    expect(re.test('my.app')).toBe(true);
    expect(re.test('myXapp')).toBe(false);
  });
});
