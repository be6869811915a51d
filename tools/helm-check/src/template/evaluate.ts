import type { Command, Node, Operand, Pipeline } from './ast';
import { TemplateError } from './errors';
import { FUNCTIONS } from './functions';
import { parseTemplate } from './parser';
import { isMap, isTruthy, printValue, type Value } from './values';

interface Scope {
  dot: Value;
  root: Value;
}

/** Go's text/template limit on nested template calls; catches an include that includes itself. */
const MAX_DEPTH = 100;

/**
 * A set of templates parsed together, as Helm parses all files of a chart: a `define` in any file is
 * visible to `include` in every other. Rendering a file never mutates the set.
 */
export class TemplateSet {
  private readonly files = new Map<string, Node[]>();
  private readonly defines = new Map<string, Node[]>();
  private depth = 0;

  add(name: string, source: string): void {
    const parsed = parseTemplate(source, name);
    this.files.set(name, parsed.nodes);
    for (const [defined, body] of parsed.defines) this.defines.set(defined, body);
  }

  /** Renders one file with the given root data (Helm's `.`). */
  render(name: string, root: Value): string {
    const nodes = this.files.get(name);
    if (!nodes) throw new TemplateError(`no template named ${name}`);
    return this.renderNodes(nodes, { dot: root, root });
  }

  private include(name: string, dot: Value): string {
    const body = this.defines.get(name);
    if (!body) throw new TemplateError(`include: no template named "${name}"`);
    if (++this.depth > MAX_DEPTH) throw new TemplateError(`include: more than ${MAX_DEPTH} nested calls of "${name}"`);
    try {
      // A named template sees its argument as both dot and $, as in Go.
      return this.renderNodes(body, { dot, root: dot });
    } finally {
      this.depth--;
    }
  }

  private renderNodes(nodes: Node[], scope: Scope): string {
    let out = '';
    for (const node of nodes) out += this.renderNode(node, scope);
    return out;
  }

  private renderNode(node: Node, scope: Scope): string {
    switch (node.kind) {
      case 'text':
        return node.text;
      case 'output':
        return printValue(this.pipeline(node.pipeline, scope), `${node.pipeline.position.template}:${node.pipeline.position.line}`);
      case 'if': {
        for (const branch of node.branches) {
          if (isTruthy(this.pipeline(branch.condition, scope))) return this.renderNodes(branch.body, scope);
        }
        return this.renderNodes(node.otherwise, scope);
      }
      case 'with': {
        const v = this.pipeline(node.pipeline, scope);
        return isTruthy(v) ? this.renderNodes(node.body, { ...scope, dot: v }) : this.renderNodes(node.otherwise, scope);
      }
      case 'range': {
        const v = this.pipeline(node.pipeline, scope);
        const items = rangeItems(v, node.pipeline);
        if (items.length === 0) return this.renderNodes(node.otherwise, scope);
        return items.map((item) => this.renderNodes(node.body, { ...scope, dot: item })).join('');
      }
    }
  }

  private pipeline(p: Pipeline, scope: Scope): Value {
    let piped: Value[] = [];
    for (const command of p.commands) {
      try {
        piped = [this.command(command, scope, piped)];
      } catch (e) {
        if (e instanceof TemplateError && !e.position && !/^\S+:\d+: /.test(e.message)) throw new TemplateError(e.message, p.position);
        throw e;
      }
    }
    return piped[0];
  }

  private command(c: Command, scope: Scope, piped: Value[]): Value {
    const args = [...c.args.map((a) => this.operand(a, scope)), ...piped];
    if (c.kind === 'call') {
      const fn = FUNCTIONS[c.name];
      if (!fn) throw new TemplateError(`unsupported function "${c.name}"`);
      return fn(args, (name, dot) => this.include(name, dot));
    }
    const v = this.operand(c.operand, scope);
    if (typeof v === 'function') return v(...args);
    if (args.length > 0) throw new TemplateError(`cannot give arguments to a value that is not a function`);
    return v;
  }

  private operand(o: Operand, scope: Scope): Value {
    if (o.kind === 'literal') return o.value;
    if (o.kind === 'pipeline') return this.pipeline(o.pipeline, scope);
    let v = o.from === 'dot' ? scope.dot : scope.root;
    let walked = o.from === 'dot' ? '' : '$';
    for (const key of o.path) {
      // Helm's values are map[string]interface{}: a field of nil is an error, a missing key is nil.
      if (!isMap(v)) throw new TemplateError(`nil pointer evaluating ${walked || '.'}.${key}: ${walked || '.'} is ${v === undefined || v === null ? 'nil' : typeof v}`);
      v = v[key];
      walked += '.' + key;
    }
    return v;
  }
}

/** Lists iterate in order; maps by sorted key, as Go does; nil ranges over nothing. */
function rangeItems(v: Value, p: Pipeline): Value[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v;
  if (isMap(v)) return Object.keys(v).sort().map((k) => v[k]);
  throw new TemplateError(`range can't iterate over ${typeof v}`, p.position);
}
