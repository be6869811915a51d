import type { Command, Operand, Pipeline } from './ast';
import { TemplateError, type Position } from './errors';

type Token =
  | { kind: 'field'; from: 'dot' | 'root'; path: string[] }
  | { kind: 'ident'; name: string }
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'punct'; value: '(' | ')' | '|' };

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;
const FIELD_CHAIN = /^(?:\.[A-Za-z_][A-Za-z0-9_]*)+/;
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/;

/** Splits an action body into tokens; anything outside the supported subset throws. */
export function tokenize(body: string, position: Position): Token[] {
  const tokens: Token[] = [];
  let rest = body;
  const fail = (what: string): never => {
    throw new TemplateError(`unsupported syntax ${what} in {{ ${body} }}`, position);
  };
  while ((rest = rest.replace(/^[ \t\r\n]+/, '')).length > 0) {
    const c = rest[0];
    if (c === '(' || c === ')' || c === '|') {
      tokens.push({ kind: 'punct', value: c });
      rest = rest.slice(1);
    } else if (c === '"') {
      const m = /^"(?:[^"\\]|\\.)*"/.exec(rest) ?? fail('(unterminated string)');
      tokens.push({ kind: 'literal', value: unquote(m[0], position) });
      rest = rest.slice(m[0].length);
    } else if (c === '`') {
      const end = rest.indexOf('`', 1);
      if (end < 0) fail('(unterminated raw string)');
      tokens.push({ kind: 'literal', value: rest.slice(1, end) });
      rest = rest.slice(end + 1);
    } else if (c === '$') {
      if (/^\$[A-Za-z_]/.test(rest)) fail('(variables other than $)');
      if (/^\$\s*:?=/.test(rest)) fail('(assignment)');
      const chain = FIELD_CHAIN.exec(rest.slice(1));
      const path = chain ? chain[0].slice(1).split('.') : [];
      tokens.push({ kind: 'field', from: 'root', path });
      rest = rest.slice(1 + (chain ? chain[0].length : 0));
    } else if (c === '.') {
      // `(pipeline).field` chains on a result; Go allows it, we do not read it.
      if (tokens.at(-1)?.kind === 'punct' && body.length - rest.length > 0 && body[body.length - rest.length - 1] === ')') fail('(field of a parenthesised result)');
      const chain = FIELD_CHAIN.exec(rest);
      const path = chain ? chain[0].slice(1).split('.') : [];
      tokens.push({ kind: 'field', from: 'dot', path });
      rest = rest.slice(chain ? chain[0].length : 1);
    } else if (NUMBER.test(rest) && /[0-9-]/.test(c ?? '')) {
      const m = NUMBER.exec(rest) as RegExpExecArray;
      tokens.push({ kind: 'literal', value: Number(m[0]) });
      rest = rest.slice(m[0].length);
    } else if (IDENT.test(rest)) {
      const name = (IDENT.exec(rest) as RegExpExecArray)[0];
      if (rest[name.length] === '.') fail(`(method call on ${name})`);
      if (name === 'true' || name === 'false') tokens.push({ kind: 'literal', value: name === 'true' });
      else if (name === 'nil') tokens.push({ kind: 'literal', value: null });
      else tokens.push({ kind: 'ident', name });
      rest = rest.slice(name.length);
    } else {
      fail(`"${rest.slice(0, 10)}"`);
    }
  }
  return tokens;
}

/** Go's interpreted string literal escapes: the common ones, and nothing we would misread. */
function unquote(literal: string, position: Position): string {
  return literal.slice(1, -1).replace(/\\(.)/g, (_, ch: string) => {
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
    const out = map[ch];
    if (out === undefined) throw new TemplateError(`unsupported escape \\${ch} in string`, position);
    return out;
  });
}

/** Parses the tokens of one action into a pipeline. */
export function parsePipeline(body: string, position: Position): Pipeline {
  const tokens = tokenize(body, position);
  let i = 0;
  const parse = (depth: number): Pipeline => {
    const commands: Command[] = [];
    let current: Token[] = [];
    const flush = (): void => {
      if (current.length === 0) throw new TemplateError(`empty command in {{ ${body} }}`, position);
      commands.push(toCommand(current));
      current = [];
    };
    const toCommand = (parts: Token[]): Command => {
      const [head, ...rest] = parts;
      const args = rest.map(toOperand);
      if (head?.kind === 'ident') return { kind: 'call', name: head.name, args };
      return { kind: 'operand', operand: toOperand(head as Token), args };
    };
    const nested: Map<Token, Pipeline> = new Map();
    const toOperand = (t: Token): Operand => {
      const inner = nested.get(t);
      if (inner) return { kind: 'pipeline', pipeline: inner };
      if (t.kind === 'field') return { kind: 'field', from: t.from, path: t.path };
      if (t.kind === 'literal') return { kind: 'literal', value: t.value };
      if (t.kind === 'ident') return { kind: 'pipeline', pipeline: { commands: [{ kind: 'call', name: t.name, args: [] }], position } };
      throw new TemplateError(`unexpected "${t.value}" in {{ ${body} }}`, position);
    };
    while (i < tokens.length) {
      const t = tokens[i++] as Token;
      if (t.kind === 'punct' && t.value === '(') {
        const placeholder: Token = { kind: 'punct', value: '(' };
        nested.set(placeholder, parse(depth + 1));
        current.push(placeholder);
      } else if (t.kind === 'punct' && t.value === ')') {
        if (depth === 0) throw new TemplateError(`unexpected ) in {{ ${body} }}`, position);
        flush();
        return { commands, position };
      } else if (t.kind === 'punct' && t.value === '|') {
        flush();
      } else {
        current.push(t);
      }
    }
    if (depth > 0) throw new TemplateError(`unclosed ( in {{ ${body} }}`, position);
    flush();
    return { commands, position };
  };
  return parse(0);
}
