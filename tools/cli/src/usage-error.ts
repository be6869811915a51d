/** Thrown by a command for a bad flag or input: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Thrown by a command whose input was valid but has no answer (e.g. `solve` on a load no allocation
 * can carry): the answer is printed as usual, then the run exits with code 3 and the reason.
 */
export class NoSolutionError extends Error {
  override name = 'NoSolutionError';
}

/**
 * Thrown by a command that ran but whose work failed as a whole (e.g. loadgen with no request
 * answered): what it measured is printed as usual, then the reason without a stack, exit code 1.
 */
export class RunFailedError extends Error {
  override name = 'RunFailedError';
}
