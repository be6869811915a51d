/**
 * prometheus-query throws plain objects, not Errors: {status, errorType, httpStatus?, error, code?}.
 * This turns whatever was thrown into one line a person can act on.
 */
export function describeQueryError(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null) {
    const e = err as { errorType?: unknown; httpStatus?: unknown; error?: unknown; code?: unknown };
    const parts = [
      typeof e.errorType === 'string' ? e.errorType : 'error',
      typeof e.httpStatus === 'number' ? `HTTP ${e.httpStatus}` : undefined,
      typeof e.code === 'string' ? e.code : undefined,
    ].filter((p): p is string => p !== undefined);
    const message = typeof e.error === 'string' && e.error !== '' ? e.error : 'no message';
    return `${parts.join(' ')}: ${message}`;
  }
  return String(err);
}
