import { Status, type ApiStatusError } from './status';

/** What an injected fault does to one matching request. */
export type FaultEffect =
  | { kind: 'too-many-requests'; retryAfterSeconds: number }
  | { kind: 'server-error'; code?: 500 | 502 | 503 | 504 }
  | { kind: 'conflict' }
  /** Answer normally, but only after this many real milliseconds. */
  | { kind: 'slow'; delayMs: number }
  /** Accept the request and never answer (until the server closes): a wedged API server or proxy. */
  | { kind: 'hang' };

export interface FaultRule {
  method?: string;
  /** Matched against the URL path. */
  path?: RegExp;
  /** Only requests with this bearer token (one replica of several, see FakeApiServer.kubeConfig). */
  token?: string;
  /** How many matching requests it affects (default 1). */
  times?: number;
  effect: FaultEffect;
}

/** Injected failures, consumed in order by the requests they match. */
export class FaultInjector {
  private readonly rules: (FaultRule & { left: number })[] = [];

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, left: rule.times ?? 1 });
  }

  clear(): void {
    this.rules.length = 0;
  }

  take(method: string, path: string, token = ''): FaultEffect | undefined {
    const rule = this.rules.find((r) => r.left > 0 && (!r.method || r.method === method) && (!r.path || r.path.test(path)) && (r.token === undefined || r.token === token));
    if (!rule) return undefined;
    rule.left--;
    return rule.effect;
  }
}

export function faultError(effect: FaultEffect, path: string): ApiStatusError | undefined {
  switch (effect.kind) {
    case 'too-many-requests':
      return Status.tooManyRequests(effect.retryAfterSeconds);
    case 'server-error':
      return effect.code && effect.code !== 500 ? Status.unavailable() : Status.internal();
    case 'conflict': {
      const name = path.split('/').filter(Boolean).pop() ?? '';
      return Status.conflict({ resource: 'deployments', group: 'apps', kind: 'Deployment' }, name);
    }
    case 'slow':
    case 'hang':
      return undefined;
  }
}
