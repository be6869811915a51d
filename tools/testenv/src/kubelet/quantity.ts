/**
 * Kubernetes resource quantities ("500m", "2", "1.5", "64Gi", "1e3") to numbers in base units
 * (cores for cpu, bytes for memory), as the kubelet compares them.
 */
const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

export function parseQuantity(quantity: string | number): number {
  if (typeof quantity === 'number') return quantity;
  const match = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(quantity.trim());
  if (!match) throw new Error(`not a Kubernetes quantity: "${quantity}" (e.g. "500m", "2", "64Gi")`);
  if (match[2]) return Number(match[1] + match[2]);
  return Number(match[1]) * SUFFIX[match[3] ?? '']!;
}

/** Resource amounts by name in base units; compared at milli precision like the API server's canonical form. */
export type Amounts = Record<string, number>;

export function parseAmounts(list: Record<string, string> | undefined): Amounts {
  return Object.fromEntries(Object.entries(list ?? {}).map(([name, q]) => [name, parseQuantity(q)]));
}

export function addAmounts(a: Amounts, b: Amounts): Amounts {
  const sum: Amounts = { ...a };
  for (const [name, value] of Object.entries(b)) sum[name] = (sum[name] ?? 0) + value;
  return sum;
}

export function milli(value: number): number {
  return Math.round(value * 1000);
}
