import { ApiStatusError, Status } from './status';

/** The three patch formats client-node sends, applied as the API server applies them. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
} as const;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC 7386: objects merge recursively, null deletes, everything else (arrays too) replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k] ?? null, v);
  }
  return out;
}

/**
 * Merge keys of the lists infscale patches, from the Kubernetes types' patchMergeKey tags. A list
 * without a key is replaced whole, as the real server does for atomic lists.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  ports: 'containerPort',
  volumeMounts: 'mountPath',
  volumes: 'name',
  resizePolicy: 'resourceName',
  conditions: 'type',
  containerStatuses: 'name',
};

/** Strategic merge patch for the fields above; "$patch: delete|replace" on list items and maps. */
export function strategicMergePatch(target: Json, patch: Json, field = ''): Json {
  if (Array.isArray(patch)) return mergeList(Array.isArray(target) ? target : [], patch, field);
  if (!isObject(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return rest;
  }
  if (patch.$patch === 'delete') return null;
  if (patch.$patch !== undefined) throw Status.badRequest(`unknown patch type: ${String(patch.$patch)}`);
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) throw Status.badRequest(`unsupported strategic merge directive ${k}`);
    if (v === null) delete out[k];
    else out[k] = strategicMergePatch(out[k] ?? null, v, k);
  }
  return out;
}

function mergeList(target: Json[], patch: Json[], field: string): Json[] {
  const key = MERGE_KEYS[field];
  if (!key) return patch;
  const out = [...target];
  for (const item of patch) {
    if (!isObject(item) || item[key] === undefined) throw Status.badRequest(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`);
    const at = out.findIndex((t) => isObject(t) && t[key] === item[key]);
    if (item.$patch === 'delete') {
      if (at >= 0) out.splice(at, 1);
    } else if (at >= 0) out[at] = strategicMergePatch(out[at] ?? null, item, '');
    else out.push(strategicMergePatch(null, item, ''));
  }
  return out;
}

interface Operation {
  op: string;
  path: string;
  value?: Json;
  from?: string;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw Status.badRequest(`JSON pointer must start with "/": ${path}`);
  return path.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: Json, tokens: string[], path: string): { parent: JsonObject | Json[]; last: string } {
  let cur: Json = doc;
  for (const t of tokens.slice(0, -1)) {
    const next: Json | undefined = Array.isArray(cur) ? cur[Number(t)] : isObject(cur) ? cur[t] : undefined;
    if (next === undefined || next === null || typeof next !== 'object') throw unprocessable(`doc is missing path: "${path}"`);
    cur = next;
  }
  if (cur === null || typeof cur !== 'object') throw unprocessable(`doc is missing path: "${path}"`);
  return { parent: cur, last: tokens[tokens.length - 1] ?? '' };
}

/** A patch whose operations do not apply to the object: 422 on the real server. */
function unprocessable(message: string): ApiStatusError {
  return new ApiStatusError(422, 'Invalid', `the server rejected our request due to an error in our request: ${message}`);
}

function get(doc: Json, path: string): Json {
  let cur: Json = doc;
  for (const t of pointer(path)) {
    const next: Json | undefined = Array.isArray(cur) ? cur[Number(t)] : isObject(cur) ? cur[t] : undefined;
    if (next === undefined) throw unprocessable(`doc is missing path: "${path}"`);
    cur = next;
  }
  return cur;
}

function remove(doc: Json, path: string): void {
  const { parent, last } = parentOf(doc, pointer(path), path);
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!(i >= 0 && i < parent.length)) throw unprocessable(`doc is missing path: "${path}"`);
    parent.splice(i, 1);
  } else {
    if (!(last in parent)) throw unprocessable(`doc is missing path: "${path}"`);
    delete parent[last];
  }
}

function add(doc: Json, path: string, value: Json, replace: boolean): void {
  const { parent, last } = parentOf(doc, pointer(path), path);
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (!(Number.isInteger(i) && i >= 0 && i <= parent.length) || (replace && i >= parent.length)) throw unprocessable(`doc is missing path: "${path}"`);
    parent.splice(i, replace ? 1 : 0, value);
  } else {
    if (replace && !(last in parent)) throw unprocessable(`doc is missing path: "${path}"`);
    parent[last] = value;
  }
}

/** RFC 6902 on a deep copy: add, remove, replace, move, copy, test; a failed step fails the patch. */
export function jsonPatch(target: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw Status.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = structuredClone(target);
  for (const raw of ops) {
    if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') throw Status.badRequest(`invalid JSON patch operation: ${JSON.stringify(raw)}`);
    const op = raw as unknown as Operation;
    if (op.path === '' && (op.op === 'add' || op.op === 'replace')) {
      doc = structuredClone(op.value ?? null);
      continue;
    }
    switch (op.op) {
      case 'add':
      case 'replace':
        if (!('value' in raw)) throw Status.badRequest(`${op.op} operation does not apply: missing value`);
        add(doc, op.path, structuredClone(op.value as Json), op.op === 'replace');
        break;
      case 'remove':
        remove(doc, op.path);
        break;
      case 'move':
      case 'copy': {
        const value = structuredClone(get(doc, op.from ?? ''));
        if (op.op === 'move') remove(doc, op.from ?? '');
        add(doc, op.path, value, false);
        break;
      }
      case 'test':
        if (JSON.stringify(get(doc, op.path)) !== JSON.stringify(op.value)) throw unprocessable(`testing value ${op.path} failed`);
        break;
      default:
        throw Status.badRequest(`Unexpected kind: ${op.op}`);
    }
  }
  return doc;
}

/** Applies a PATCH body by content type, as the server chooses the strategy from it. */
export function applyPatch(contentType: string, target: Json, body: Json): Json {
  const type = contentType.split(';')[0]!.trim();
  if (type === PATCH_TYPES.json) return jsonPatch(target, body);
  if (!isObject(body)) throw Status.badRequest('json: cannot unmarshal array into Go value of type map[string]interface {}');
  if (type === PATCH_TYPES.merge) return mergePatch(target, body);
  if (type === PATCH_TYPES.strategic) return strategicMergePatch(target, body);
  throw Status.unsupportedMediaType(type);
}
