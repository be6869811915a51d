/** CPU quantities as Kubernetes writes them: "2", "500m", "1.5", "2000000n"… to and from cores. */

const SUFFIX: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9 };

/** Parses a CPU quantity into cores; throws on anything Kubernetes would not accept for CPU. */
export function parseCpu(quantity: string | number): number {
  if (typeof quantity === 'number') return quantity;
  const match = /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)([numkMG]?)$/.exec(quantity.trim());
  if (!match) throw new Error(`not a CPU quantity: "${quantity}"`);
  return Number(match[1]) * (SUFFIX[match[2] ?? ''] ?? 1);
}

/** Canonical form: whole cores as "2", otherwise millicores as "1500m" (what the API server returns). */
export function formatCpu(cores: number): string {
  if (!(cores > 0) || !Number.isFinite(cores)) throw new Error(`cores must be positive, got ${cores}`);
  const milli = Math.round(cores * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Two CPU quantities denote the same amount ("1" and "1000m"). */
export function sameCpu(a: string | number | undefined, b: string | number | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return Math.round(parseCpu(a) * 1000) === Math.round(parseCpu(b) * 1000);
}
