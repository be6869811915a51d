import { TemplateError, type Position } from './errors';

/** Literal text, or the inside of one {{ … }} action with its position. */
export type Segment = { kind: 'text'; text: string } | { kind: 'action'; body: string; position: Position };

const WHITESPACE = /[ \t\r\n]/;

/**
 * Splits a template into text and actions and applies Go's trim markers: `{{- ` removes all the
 * whitespace before the action, ` -}}` all the whitespace after it. Comments disappear here.
 * Go requires a space after `{{-` and before `-}}` (else `{{-3}}` is the number -3); so do we.
 */
export function lex(source: string, template: string): Segment[] {
  const segments: Segment[] = [];
  let pos = 0;
  let trimNext = false;
  const lineAt = (index: number): number => source.slice(0, index).split('\n').length;
  const pushText = (text: string): void => {
    const trimmed = trimNext ? text.replace(/^[ \t\r\n]+/, '') : text;
    trimNext = false;
    if (trimmed) segments.push({ kind: 'text', text: trimmed });
  };
  while (pos < source.length) {
    const open = source.indexOf('{{', pos);
    if (open < 0) {
      pushText(source.slice(pos));
      break;
    }
    const position = { template, line: lineAt(open) };
    let start = open + 2;
    const trimLeft = source.startsWith('- ', start) || source.startsWith('-\n', start);
    if (trimLeft) start += 1;
    const close = findClose(source, start, position);
    let end = close;
    const trimRight = close - 2 >= start && source[close - 1] === '-' && WHITESPACE.test(source[close - 2] ?? '');
    if (trimRight) end -= 1;
    let text = source.slice(pos, open);
    if (trimLeft) text = text.replace(/[ \t\r\n]+$/, '');
    pushText(text);
    const body = source.slice(start, end).trim();
    if (body.startsWith('/*')) {
      if (!body.endsWith('*/')) throw new TemplateError('unclosed comment', position);
    } else {
      segments.push({ kind: 'action', body, position });
    }
    trimNext = trimRight;
    pos = close + 2;
  }
  return segments;
}

/** The index of the `}}` closing the action, skipping `}}` inside string literals. */
function findClose(source: string, from: number, position: Position): number {
  let i = from;
  while (i < source.length) {
    const c = source[i];
    if (c === '"' || c === '`') {
      const endQuote = c === '"' ? /(?<!\\)(?:\\\\)*"/g : /`/g;
      endQuote.lastIndex = i + 1;
      const m = endQuote.exec(source);
      if (!m) throw new TemplateError('unterminated string in action', position);
      i = m.index + m[0].length;
      continue;
    }
    if (source.startsWith('}}', i)) return i;
    if (source.startsWith('/*', i)) {
      const endComment = source.indexOf('*/', i + 2);
      if (endComment < 0) throw new TemplateError('unclosed comment', position);
      i = endComment + 2;
      continue;
    }
    i++;
  }
  throw new TemplateError('unclosed action: missing }}', position);
}
