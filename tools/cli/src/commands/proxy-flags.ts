import { errorMessage } from '@infscale/core';
import { loadLatencyFits } from '@infscale/profiles';
import { adminHostProblem, checkCores, httpUrlProblem, type LatePolicy, nameProblem, readAdminTokenFile, type SpongeLatencyModel } from '@infscale/dataplane';
import { numberFlag } from '../number-flag';
import { UsageError } from '../program';

/** Commander collector for a repeatable flag: every occurrence, in order. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** An http:// URL (the upstreams are in-cluster Services; no TLS between proxy and model server): the admin endpoints' rule. */
export function httpUrlFlag(flag: string, raw: string): string {
  const problem = httpUrlProblem(raw);
  if (problem !== undefined) throw new UsageError(`${flag} ${problem}`);
  return raw;
}

/** A number of cores the latency model can use (the EDF admin endpoint's rule). */
export function coresFlag(raw: string): number {
  const n = numberFlag('--cores', raw, { above: 0 });
  try {
    return checkCores(n);
  } catch (err) {
    throw new UsageError(`--cores: ${errorMessage(err)}`);
  }
}

/** The admin token of --admin-token-file (the dataplane's reader): a file that cannot be read or is empty is a usage error. */
export function adminTokenFlag(path: string): string {
  try {
    return readAdminTokenFile(path);
  } catch (err) {
    throw new UsageError(errorMessage(err));
  }
}

/** A listener's admin host: refused (a usage error) when other machines reach it and there is no token. */
export function adminHostFlag(raw: string, hasToken: boolean): string {
  const host = nonEmptyFlag('--admin-host', raw);
  const problem = adminHostProblem(host, hasToken);
  if (problem !== undefined) throw new UsageError(problem);
  return host;
}

/** --max-queue: requests a queue holds at most, a whole number ≥ 1. */
export function maxQueueFlag(raw: string): number {
  return numberFlag('--max-queue', raw, { integer: true, min: 1 });
}

/** NAME=VALUE with a non-empty name; the value is checked by the caller. */
export function namedValue(flag: string, raw: string): { name: string; value: string } {
  const eq = raw.indexOf('=');
  if (eq <= 0 || eq === raw.length - 1) throw new UsageError(`${flag} must be NAME=VALUE, got "${raw}"`);
  return { name: raw.slice(0, eq), value: raw.slice(eq + 1) };
}

/** Repeated NAME=URL flags, in order; a name given twice is an error; at least `min` of them (default 1). */
export function namedUrls(flag: string, raws: string[], min = 1): { name: string; url: string }[] {
  if (raws.length < min) throw new UsageError(`${flag} NAME=URL is required (at least ${min === 1 ? 'one' : min})`);
  const seen = new Set<string>();
  return raws.map((raw) => {
    const { name, value } = namedValue(flag, raw);
    const problem = nameProblem(name);
    if (problem !== undefined) throw new UsageError(`${flag} ${problem}`);
    if (seen.has(name)) throw new UsageError(`${flag} ${name} is given twice`);
    seen.add(name);
    return { name, url: httpUrlFlag(flag, value) };
  });
}

export function nonEmptyFlag(flag: string, raw: string): string {
  if (raw.trim() === '') throw new UsageError(`${flag} must not be empty`);
  return raw;
}

export function latePolicyFlag(raw: string): LatePolicy {
  if (raw === 'drop' || raw === 'serve-late') return raw;
  throw new UsageError(`--late must be drop or serve-late, got "${raw}"`);
}

/** `sponge` (the bundled ResNet18 fit the Sponge notebook uses) or `gamma,delta,epsilon,eta` in ms. */
export function latencyModelFlag(raw: string): SpongeLatencyModel {
  if (raw === 'sponge') {
    const fit = loadLatencyFits()[0];
    if (!fit) throw new Error('no bundled Sponge latency fit');
    return { gamma: fit.gamma, delta: fit.delta, epsilon: fit.epsilon, eta: fit.eta };
  }
  const parts = raw.split(',').map((p) => p.trim());
  const numbers = parts.map(Number);
  if (parts.length !== 4 || parts.some((p) => p === '') || numbers.some((n) => !Number.isFinite(n))) {
    throw new UsageError(`--latency-model must be sponge or four numbers gamma,delta,epsilon,eta (ms), got "${raw}"`);
  }
  // l(b, c) = gamma·b/c + delta·b + epsilon/c + eta: a negative term turns latencies negative at some batch or core count.
  if (numbers.some((n) => n < 0) || numbers.every((n) => n === 0)) {
    throw new UsageError(`--latency-model: gamma,delta,epsilon,eta must be ≥ 0 and not all 0 (a latency at every batch and core count), got "${raw}"`);
  }
  const [gamma, delta, epsilon, eta] = numbers as [number, number, number, number];
  return { gamma, delta, epsilon, eta };
}
