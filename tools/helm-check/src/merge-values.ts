/** A values document: what YAML holds. */
export type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value };

function isMap(v: Value): v is { [key: string]: Value } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Helm's coalescing of user values over the chart's defaults: maps merge key by key, anything else
 * (lists included) replaces, and a null removes the default key. Only for a test to know which values
 * a render saw (helm itself renders; it does not print the values it used).
 */
export function mergeValues(defaults: Value, overrides: Value): Value {
  if (!isMap(defaults) || !isMap(overrides)) return overrides === undefined ? defaults : overrides;
  const out: { [key: string]: Value } = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === null) delete out[key];
    else out[key] = key in defaults ? mergeValues(defaults[key], value) : value;
  }
  return out;
}
