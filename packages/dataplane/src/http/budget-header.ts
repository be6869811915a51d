import type * as http from 'node:http';
import { MAX_TIMER_MS } from './wakeup-timer';

/**
 * The header IPA's router sends each stage a request with: the ms it may still spend there (until the
 * pipeline's drop limit, less the least the later stages have needed lately). A stage queue sheds a
 * request whose budget runs out before even its least batch time (policy/unreachable.ts).
 */
export const BUDGET_HEADER = 'x-infscale-budget-ms';

export type BudgetRead = { ok: true; budgetMs: number | undefined } | { ok: false; message: string };

/** The header as whole ms from 0 to MAX_TIMER_MS; absent: undefined (no deadline: nothing is shed). */
export function readBudgetHeader(req: http.IncomingMessage): BudgetRead {
  const value = req.headers[BUDGET_HEADER];
  if (value === undefined) return { ok: true, budgetMs: undefined };
  const text = Array.isArray(value) ? undefined : value.trim();
  const budgetMs = text !== undefined && /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!(budgetMs <= MAX_TIMER_MS))
    return { ok: false, message: `${BUDGET_HEADER} must be one whole number of ms from 0 to ${MAX_TIMER_MS}, got ${JSON.stringify(value).slice(0, 40)}` };
  return { ok: true, budgetMs };
}
