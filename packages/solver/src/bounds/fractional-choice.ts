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
