/**
 * What went wrong, in words, whatever was thrown: an Error's message, the `error` of a plain object
 * (prometheus-query throws {status, errorType, error}), or the value itself.
 */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null && 'error' in err) return String((err as { error: unknown }).error);
  return String(err);
}

/** The stack of a thrown Error, for a log line; undefined for anything else. */
export function errorStack(err: unknown): string | undefined {
  return err instanceof Error ? err.stack : undefined;
}
