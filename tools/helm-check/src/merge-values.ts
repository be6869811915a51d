import { isMap, type Value } from './template/values';

/**
 * Helm's coalescing of user values over the chart's defaults: maps merge key by key, anything else
 * (lists included) replaces, and a null removes the default key.
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
