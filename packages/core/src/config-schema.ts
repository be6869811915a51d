import { z } from 'zod';
import { durationLimits, formatDuration, MAX_DURATION_MS, type DurationLimits } from './duration';

/** A JSON Schema document or subschema (draft-07), as z.toJSONSchema writes it. */
export type JsonSchema = { [key: string]: unknown };

const UNITS = '(ns|us|µs|μs|ms|s|m|h)';
const NUMBER = '([0-9]+(\\.[0-9]*)?|\\.[0-9]+)';

/**
 * Go's time.ParseDuration grammar without a sign (a config duration is never negative): "30s",
 * "1m30s", "1.5h". Written for Go's regexp (RE2: no look-around), which helm uses to check
 * values.schema.json, as well as for JavaScript.
 */
export const GO_DURATION_PATTERN = `^\\+?(${NUMBER}${UNITS})+$`;
/** The durations GO_DURATION_PATTERN accepts that are zero ("0s", "0.0m"): refused where a duration must be > 0. */
export const ZERO_DURATION_PATTERN = `^\\+?((0+(\\.0*)?|\\.0+)${UNITS})+$`;

/**
 * A duration's JSON Schema: whole milliseconds, or Go's text. What it cannot say: text must also be
 * whole milliseconds ("1us" is refused) and at most maxMs ("25h" is refused); the config's own
 * validation (the apps' --validate) says so, naming the field.
 */
export function durationJsonSchema(limits: DurationLimits = {}): JsonSchema {
  const text: JsonSchema = limits.allowZero
    ? { type: 'string', pattern: `^(\\+?(${NUMBER}${UNITS})+|[+-]?0)$` }
    : { type: 'string', pattern: GO_DURATION_PATTERN, not: { pattern: ZERO_DURATION_PATTERN } };
  return { anyOf: [{ type: 'integer', minimum: limits.allowZero ? 0 : 1, maximum: limits.maxMs ?? MAX_DURATION_MS }, text] };
}

/** True for the schema durationJsonSchema writes (how --help knows a duration). */
export function isDurationJsonSchema(schema: JsonSchema): boolean {
  const branches = schema.anyOf as JsonSchema[] | undefined;
  const text = branches?.[1];
  return branches?.length === 2 && branches[0]?.type === 'integer' && typeof text?.pattern === 'string' && text.pattern.includes(UNITS);
}

type Def = { type: string; innerType?: z.ZodType; defaultValue?: unknown };
type Node = { _zod: { parent?: Node } };

/** A duration's limits; `.describe()` and `.meta()` clone a schema, so its parents are asked too. */
function limitsOf(schema: Node | undefined): DurationLimits | undefined {
  for (let s = schema; s; s = s._zod.parent) {
    const limits = durationLimits.get(s as unknown as z.ZodType);
    if (limits) return limits;
  }
  return undefined;
}

/**
 * A config schema as JSON Schema (draft-07), as a user writes the config: defaults are not required,
 * durations are Go text or ms (with their defaults as Go text), and every `.describe()` text is kept.
 * The source of the chart's values.schema.json and of each app's --help.
 */
export function configJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-07',
    unrepresentable: 'any',
    override: (ctx) => {
      const limits = limitsOf(ctx.zodSchema);
      if (limits) {
        for (const key of Object.keys(ctx.jsonSchema)) if (key !== 'description') delete ctx.jsonSchema[key];
        Object.assign(ctx.jsonSchema, durationJsonSchema(limits));
      }
      const def = ctx.zodSchema._zod.def as Def;
      // zod leaves out a default whose value is a transform's output: a duration's ms, written back as Go text.
      if (def.type === 'default' && limitsOf(def.innerType) && typeof def.defaultValue === 'number') {
        ctx.jsonSchema.default = formatDuration(def.defaultValue);
      }
      // z.number().int() bounds itself by the safe integers: say nothing rather than 9007199254740991.
      if (ctx.jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete ctx.jsonSchema.minimum;
      if (ctx.jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete ctx.jsonSchema.maximum;
    },
  }) as JsonSchema;
}
