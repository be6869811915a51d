/** What the actuator needs to know about a failed API call, whatever threw it. */
export interface ApiFailure {
  /** HTTP status; undefined for network errors (connection refused, reset, timeout). */
  code?: number;
  /** The Status reason: Conflict, AlreadyExists, NotFound, Invalid, TooManyRequests… */
  reason?: string;
  retryAfterSeconds?: number;
  /** The Status's details.causes[].reason values (e.g. NodeCapacity on a refused pods/resize). */
  causes?: string[];
  /** The Status message alone, without the code. */
  statusMessage?: string;
  message: string;
}

function parseBody(body: unknown): Record<string, unknown> | undefined {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
}

/** Reads client-node's ApiException (code, body = Status, headers) or any other error. */
export function describeFailure(err: unknown): ApiFailure {
  const e = err as { code?: unknown; body?: unknown; headers?: Record<string, string>; message?: string };
  const code = typeof e?.code === 'number' ? e.code : undefined;
  const status = parseBody(e?.body);
  const details = status?.details as { retryAfterSeconds?: number; causes?: { reason?: unknown }[] } | undefined;
  const header = e?.headers ? Object.entries(e.headers).find(([k]) => k.toLowerCase() === 'retry-after')?.[1] : undefined;
  const fromHeader = header !== undefined && /^\d+$/.test(header.trim()) ? Number(header) : undefined;
  const retryAfterSeconds = fromHeader ?? details?.retryAfterSeconds;
  const causes = Array.isArray(details?.causes) ? details.causes.map((c) => c?.reason).filter((r): r is string => typeof r === 'string') : [];
  const statusMessage = typeof status?.message === 'string' ? status.message : undefined;
  return {
    code,
    reason: typeof status?.reason === 'string' ? status.reason : undefined,
    retryAfterSeconds,
    ...(causes.length > 0 ? { causes } : {}),
    ...(statusMessage !== undefined ? { statusMessage } : {}),
    message: statusMessage !== undefined ? `${code}: ${statusMessage}` : String(e?.message ?? err),
  };
}

export function isNotFound(err: unknown): boolean {
  return describeFailure(err).code === 404;
}

export function isConflict(err: unknown): boolean {
  return describeFailure(err).code === 409;
}
