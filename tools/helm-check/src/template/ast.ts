import type { Position } from './errors';

/** An operand: a field chain from dot or from $ (root), a literal, or a parenthesised pipeline. */
export type Operand =
  | { kind: 'field'; from: 'dot' | 'root'; path: string[] }
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'pipeline'; pipeline: Pipeline };

/** `name arg…` calls a function; a lone operand (`.Values.x`) just yields it. */
export type Command = { kind: 'call'; name: string; args: Operand[] } | { kind: 'operand'; operand: Operand; args: Operand[] };

/** Commands joined by `|`: each result is passed as the last argument of the next command. */
export interface Pipeline {
  commands: Command[];
  position: Position;
}

export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'output'; pipeline: Pipeline }
  | { kind: 'if'; branches: { condition: Pipeline; body: Node[] }[]; otherwise: Node[] }
  | { kind: 'with'; pipeline: Pipeline; body: Node[]; otherwise: Node[] }
  | { kind: 'range'; pipeline: Pipeline; body: Node[]; otherwise: Node[] };
