/** A value, or why there is none: what PrometheusSource works with internally. */
export type Answer<T> = { kind: 'ok'; value: T } | { kind: 'no-data'; reason: string };

export const ok = <T>(value: T): Answer<T> => ({ kind: 'ok', value });
export const noData = <T = never>(reason: string): Answer<T> => ({ kind: 'no-data', reason });
