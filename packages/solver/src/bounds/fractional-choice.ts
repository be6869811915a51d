export interface ChoiceItem {
  cost: number;
  value: number;
}

export interface FractionalChoice {
  value: number;
  cost: number;
  /** weights[c][i]: the weight of item i of class c; each class's weights sum to 1. */
  weights: number[][];
}

/** Indices of the upper concave hull of a class's (cost, value) points, cheapest first, value rising. */
function upperHull(items: readonly ChoiceItem[]): number[] {
  const order = items.map((_, i) => i).sort((a, b) => items[a]!.cost - items[b]!.cost || items[b]!.value - items[a]!.value);
  const hull: number[] = [];
  for (const i of order) {
    const p = items[i]!;
    // A costlier item that is not worth more is never chosen.
    if (hull.length > 0 && p.value <= items[hull[hull.length - 1]!]!.value) continue;
    while (hull.length >= 2) {
      const a = items[hull[hull.length - 2]!]!;
      const b = items[hull[hull.length - 1]!]!;
      // Drop b when it lies on or below the chord a→p.
      if ((b.value - a.value) * (p.cost - a.cost) <= (p.value - a.value) * (b.cost - a.cost)) hull.pop();
      else break;
    }
    hull.push(i);
  }
  return hull;
}

/**
 * The LP relaxation of the multiple-choice knapsack, solved exactly: per class a convex combination
 * of its items (weights ≥ 0 summing to 1), maximising Σ value subject to Σ cost ≤ budget. Start every
 * class at its cheapest hull point, then take hull steps by falling value per cost, the last one in
 * part (the classic greedy, optimal for the LP because each class's hull is concave).
 * Undefined when even the cheapest items exceed the budget or a class is empty.
 */
export function fractionalMultipleChoice(classes: readonly (readonly ChoiceItem[])[], budget: number): FractionalChoice | undefined {
  const hulls = classes.map(upperHull);
  if (hulls.some((h) => h.length === 0)) return undefined;
  const weights = classes.map((items) => items.map(() => 0));
  let cost = 0;
  let value = 0;
  hulls.forEach((h, c) => {
    const first = classes[c]![h[0]!]!;
    weights[c]![h[0]!] = 1;
    cost += first.cost;
    value += first.value;
  });
  const slack = 1e-12 * Math.max(1, Math.abs(budget));
  if (cost > budget + slack) return undefined;
  const steps: { c: number; k: number; dCost: number; dValue: number }[] = [];
  hulls.forEach((h, c) => {
    for (let k = 1; k < h.length; k++) {
      const from = classes[c]![h[k - 1]!]!;
      const to = classes[c]![h[k]!]!;
      steps.push({ c, k, dCost: to.cost - from.cost, dValue: to.value - from.value });
    }
  });
  // Within a class the hull's slopes fall, so this order also takes each class's steps in turn.
  steps.sort((a, b) => b.dValue / b.dCost - a.dValue / a.dCost || a.c - b.c || a.k - b.k);
  for (const step of steps) {
    const left = budget - cost;
    if (left <= 0) break;
    const part = Math.min(1, left / step.dCost);
    const h = hulls[step.c]!;
    weights[step.c]![h[step.k - 1]!]! -= part;
    weights[step.c]![h[step.k]!]! += part;
    cost += part * step.dCost;
    value += part * step.dValue;
    if (part < 1) break;
  }
  return { value, cost, weights };
}

/** An item that also uses a second, limited resource. */
export interface LimitedChoiceItem extends ChoiceItem {
  use: number;
}

export interface LimitedFractionalChoice extends FractionalChoice {
  /** Σ use of the weights (≤ limit). */
  use: number;
  /** A dual value ≥ the LP's optimum ≥ `value` (equal up to rounding): the figure to quote as a bound. */
  upper: number;
}

/** The chosen weights' total use of the second resource. */
function usedBy(classes: readonly (readonly LimitedChoiceItem[])[], weights: readonly number[][]): number {
  return classes.reduce((a, items, c) => a + items.reduce((s, x, i) => s + weights[c]![i]! * x.use, 0), 0);
}

/** The least Σ cost of any fractional choice with Σ use ≤ limit: the same greedy, with use as the budget. */
export function leastCostWithin(classes: readonly (readonly LimitedChoiceItem[])[], limit: number): number {
  const r = fractionalMultipleChoice(
    classes.map((items) => items.map((x) => ({ cost: x.use, value: -x.cost }))),
    limit,
  );
  return r ? -r.value : Infinity;
}

/**
 * The LP of a multiple-choice knapsack with a second budget: max Σ value s.t. Σ cost ≤ budget,
 * Σ use ≤ limit. The use row is dualised: for every μ ≥ 0, μ·limit + the one-budget LP with values
 * value − μ·use is ≥ the optimum (weak duality) and convex in μ, and its least value equals it (LP
 * duality). μ* is where the greedy's use crosses the limit, found by bisection; the solutions on
 * either side of it, mixed to use exactly the limit, are optimal up to rounding.
 * Undefined when no choice fits both budgets.
 */
export function fractionalMultipleChoiceLimited(
  classes: readonly (readonly LimitedChoiceItem[])[],
  budget: number,
  limit: number,
): LimitedFractionalChoice | undefined {
  if (classes.some((items) => items.length === 0)) return undefined;
  if (leastCostWithin(classes, limit) > budget + 1e-12 * Math.max(1, Math.abs(budget))) return undefined;
  const at = (mu: number): LimitedFractionalChoice => {
    // Some choice within both budgets exists, so the one-budget LP is feasible.
    const r = fractionalMultipleChoice(
      classes.map((items) => items.map((x) => ({ cost: x.cost, value: x.value - mu * x.use }))),
      budget,
    )!;
    const use = usedBy(classes, r.weights);
    return { ...r, value: r.value + mu * use, use, upper: r.value + mu * limit };
  };
  const over = (x: LimitedFractionalChoice): boolean => x.use > limit + 1e-12 * Math.max(1, Math.abs(limit));
  let lo = 0;
  let low = at(0);
  // Within the limit without a price on it: the one-budget optimum is the answer.
  if (!over(low)) return { ...low, upper: low.value };
  let hi = 1;
  let high = at(hi);
  for (let i = 0; over(high); i++) {
    if (i > 200) throw new Error('fractionalMultipleChoiceLimited: no price on the second resource brings its use within the limit');
    lo = hi;
    low = high;
    hi *= 2;
    high = at(hi);
  }
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    const x = at(mid);
    if (over(x)) [lo, low] = [mid, x];
    else [hi, high] = [mid, x];
  }
  // low uses more than the limit, high at most: the mix that uses exactly the limit.
  const theta = (limit - high.use) / (low.use - high.use);
  const mix = (a: number, b: number): number => theta * a + (1 - theta) * b;
  return {
    value: mix(low.value, high.value),
    cost: mix(low.cost, high.cost),
    use: mix(low.use, high.use),
    weights: low.weights.map((w, c) => w.map((x, i) => mix(x, high.weights[c]![i]!))),
    upper: Math.min(low.upper, high.upper),
  };
}
