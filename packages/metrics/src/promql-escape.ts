/**
 * Escaping of values spliced into PromQL string literals.
 *
 * Printable ASCII stays as it is, except the three quote characters and the backslash; everything
 * else (quotes, backslash, control characters, non-ASCII) becomes a \xHH / \uHHHH / \UHHHHHHHH escape. Those escapes
 * mean the same inside "double" and 'single' quoted PromQL strings (a \" or \' escape is only valid
 * inside its own quote kind), so a template may use either quote style. Backtick raw strings do not
 * process escapes at all: templates may not put placeholders inside them (checked in query-template).
 */

/** Inside a quoted string only the quotes, the backslash and line breaks can change the meaning. */
const SAFE = /[\x20-\x7e]/;
const UNSAFE = new Set(['"', "'", '`', '\\']);

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/** Escapes `value` so that, inside a quoted PromQL string, it reads back exactly as `value`. */
export function escapeLabelValue(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (SAFE.test(ch) && !UNSAFE.has(ch)) out += ch;
    else if (code < 0x80) out += `\\x${hex(code, 2)}`;
    else if (code <= 0xffff) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return out;
}

/** RE2 metacharacters: escaped with a backslash so a name matches only itself in `=~`. */
const RE2_META = /[\\^$.|?*+()[\]{}]/g;

/** A regular expression (RE2) that matches exactly `literal`, before PromQL string escaping. */
export function escapeRegexLiteral(literal: string): string {
  return literal.replace(RE2_META, (m) => `\\${m}`);
}
