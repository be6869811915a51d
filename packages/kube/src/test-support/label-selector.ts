import { ApiStatusError, Status } from './status';

type Requirement = (labels: Record<string, string>) => boolean;

/**
 * Parses the labelSelector query string the API server accepts: "a=b", "a==b", "a!=b", "a", "!a",
 * "a in (x,y)", "a notin (x,y)", joined by commas. A bad selector is a 400 as on the real server.
 */
export function parseLabelSelector(selector: string): (labels: Record<string, string> | undefined) => boolean {
  const parts = splitTopLevel(selector.trim());
  const reqs: Requirement[] = parts.filter((p) => p.trim() !== '').map((p) => parseRequirement(p.trim(), selector));
  return (labels) => reqs.every((r) => r(labels ?? {}));
}

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

const KEY = /^([a-z0-9A-Z.\-/_]+)$/;

function bad(selector: string, why: string): ApiStatusError {
  return Status.badRequest(`unable to parse requirement: ${why} (selector "${selector}")`);
}

function parseRequirement(p: string, selector: string): Requirement {
  const set = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p);
  if (set) {
    const [, key, op, list] = set as unknown as [string, string, string, string];
    const values = list.split(',').map((v) => v.trim());
    return op === 'in' ? (l) => key in l && values.includes(l[key]!) : (l) => !(key in l && values.includes(l[key]!));
  }
  const eq = /^([^\s!=]+)\s*(==|=|!=)\s*([^\s,]*)$/.exec(p);
  if (eq) {
    const [, key, op, value] = eq as unknown as [string, string, string, string];
    if (!KEY.test(key)) throw bad(selector, `invalid label key "${key}"`);
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  if (p.startsWith('!') && KEY.test(p.slice(1))) return (l) => !(p.slice(1) in l);
  if (KEY.test(p)) return (l) => p in l;
  throw bad(selector, `found '${p}', expected: identifier`);
}
