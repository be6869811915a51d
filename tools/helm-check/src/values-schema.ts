import Ajv, { type ErrorObject } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Value } from './template/values';

/** One schema violation, with the dotted path of the value (as `helm install` reports it). */
export interface ValuesProblem {
  field: string;
  message: string;
}

function describe(e: ErrorObject): ValuesProblem {
  const base = e.instancePath.slice(1).replace(/\//g, '.');
  // A missing or unknown key is reported on its parent; name the key itself.
  const key = (e.params as { missingProperty?: string; additionalProperty?: string }).missingProperty ?? (e.params as { additionalProperty?: string }).additionalProperty;
  const field = key ? (base ? `${base}.${key}` : key) : base || '(root)';
  const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
  const message = allowed ? `${e.message}: ${allowed.map((v) => JSON.stringify(v)).join(', ')}` : (e.message ?? 'invalid');
  return { field, message };
}

/** Checks merged values against the chart's values.schema.json (draft-07), as Helm does before rendering. */
export function validateValues(chartDir: string, values: Value): ValuesProblem[] {
  const schema = JSON.parse(readFileSync(join(chartDir, 'values.schema.json'), 'utf8')) as object;
  // strict: a misspelt keyword in the schema is an error here, not a silently ignored rule. The URLs'
  // "uri" format is an annotation (the scaler's own check is stricter): known, not asserted.
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, formats: { uri: true } });
  const validate = ajv.compile(schema);
  if (validate(values)) return [];
  return (validate.errors ?? []).filter((e) => e.keyword !== 'if').map(describe);
}
