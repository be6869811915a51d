import type { Node, Pipeline } from './ast';
import { TemplateError, type Position } from './errors';
import { parsePipeline } from './expression';
import { lex, type Segment } from './lexer';

/** A parsed file: its top-level nodes and the named templates it defines. */
export interface ParsedTemplate {
  nodes: Node[];
  defines: Map<string, Node[]>;
}

const UNSUPPORTED_KEYWORDS = new Set(['template', 'block', 'break', 'continue']);

type Terminator = { keyword: 'end' | 'else'; condition?: Pipeline; position: Position };

/** Builds the node tree of one template file; `define` blocks are collected, not rendered. */
export function parseTemplate(source: string, name: string): ParsedTemplate {
  const segments = lex(source, name);
  const defines = new Map<string, Node[]>();
  let i = 0;

  const keywordOf = (body: string): string => /^[a-z]+/.exec(body)?.[0] ?? '';

  /** Nodes until an {{ end }} or {{ else … }} at this level (or the end of input at top level). */
  const parseList = (top: boolean): { nodes: Node[]; terminator?: Terminator } => {
    const nodes: Node[] = [];
    while (i < segments.length) {
      const seg = segments[i++] as Segment;
      if (seg.kind === 'text') {
        nodes.push({ kind: 'text', text: seg.text });
        continue;
      }
      const { body, position } = seg;
      const keyword = keywordOf(body);
      const rest = body.slice(keyword.length).trim();
      if (keyword === 'end' && rest === '') {
        if (top) throw new TemplateError('unexpected {{ end }}', position);
        return { nodes, terminator: { keyword: 'end', position } };
      }
      if (keyword === 'else') {
        if (top) throw new TemplateError('unexpected {{ else }}', position);
        if (rest === '') return { nodes, terminator: { keyword: 'else', position } };
        if (!rest.startsWith('if ')) throw new TemplateError(`unsupported {{ ${body} }}`, position);
        return { nodes, terminator: { keyword: 'else', condition: parsePipeline(rest.slice(3), position), position } };
      }
      if (keyword === 'if') nodes.push(parseIf(parsePipeline(rest, position), position));
      else if (keyword === 'with' || keyword === 'range') nodes.push(parseBlock(keyword, rest, position));
      else if (keyword === 'define') {
        if (!top) throw new TemplateError('{{ define }} must be at the top level', position);
        parseDefine(rest, position);
      }
      else if (UNSUPPORTED_KEYWORDS.has(keyword) && (rest === '' || /^[\s"(.$]/.test(body.slice(keyword.length)))) {
        throw new TemplateError(`unsupported action {{ ${keyword} }}`, position);
      } else nodes.push({ kind: 'output', pipeline: parsePipeline(body, position) });
    }
    if (!top) throw new TemplateError('missing {{ end }}', { template: name, line: -1 });
    return { nodes };
  };

  const parseIf = (condition: Pipeline, position: Position): Node => {
    const branches: { condition: Pipeline; body: Node[] }[] = [];
    let cond = condition;
    for (;;) {
      const { nodes, terminator } = parseList(false);
      branches.push({ condition: cond, body: nodes });
      if (!terminator) throw new TemplateError('missing {{ end }} of if', position);
      if (terminator.keyword === 'end') return { kind: 'if', branches, otherwise: [] };
      if (!terminator.condition) return { kind: 'if', branches, otherwise: expectEnd(position) };
      cond = terminator.condition;
    }
  };

  const parseBlock = (keyword: 'with' | 'range', rest: string, position: Position): Node => {
    if (/^\$[A-Za-z_]*\s*(,|:=)/.test(rest)) throw new TemplateError(`unsupported variable declaration in {{ ${keyword} }}`, position);
    const pipeline = parsePipeline(rest, position);
    const { nodes, terminator } = parseList(false);
    if (!terminator) throw new TemplateError(`missing {{ end }} of ${keyword}`, position);
    if (terminator.condition) throw new TemplateError(`{{ else if }} inside ${keyword} is not supported`, terminator.position);
    const otherwise = terminator.keyword === 'else' ? expectEnd(position) : [];
    return { kind: keyword, pipeline, body: nodes, otherwise };
  };

  const expectEnd = (position: Position): Node[] => {
    const { nodes, terminator } = parseList(false);
    if (terminator?.keyword !== 'end') throw new TemplateError('expected {{ end }} after {{ else }}', position);
    return nodes;
  };

  const parseDefine = (rest: string, position: Position): void => {
    const m = /^"([^"]+)"$/.exec(rest);
    if (!m) throw new TemplateError(`define needs one quoted name, got {{ define ${rest} }}`, position);
    const { nodes, terminator } = parseList(false);
    if (terminator?.keyword !== 'end') throw new TemplateError(`missing {{ end }} of define "${m[1]}"`, position);
    defines.set(m[1] as string, nodes);
  };

  return { nodes: parseList(true).nodes, defines };
}
