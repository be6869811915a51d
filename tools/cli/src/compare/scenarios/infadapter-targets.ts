import type { ComparisonRow } from '../scenario';

const fmt = (n: number): string => (Number.isFinite(n) ? n.toFixed(3) : String(n));
const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');

/**
 * The targets, computed from the table's rows so that the report states them exactly:
 * vs the best VPA run, SLO violations ≤ 0.3×, core-seconds ≤ 0.6×; accuracy ≥ VPA with ResNet50;
 * objective within 5 % of the oracle-forecast bound.
 */
export function targetLines(rows: readonly ComparisonRow[], bestVpa: string | undefined): string[] {
  const get = (name: string | undefined): ComparisonRow | undefined => rows.find((r) => r.system === name);
  const ia = get('infadapter');
  const vpa = get(bestVpa);
  if (!ia || !vpa) return ['(infadapter or VPA not run: no targets)'];
  const lines = [`best VPA run: ${vpa.system}`];
  const violations = vpa.sloViolationPct > 0 ? ia.sloViolationPct / vpa.sloViolationPct : ia.sloViolationPct === 0 ? 0 : Infinity;
  lines.push(`SLO violations: infadapter ${fmt(ia.sloViolationPct)} % vs ${fmt(vpa.sloViolationPct)} % → ratio ${fmt(violations)} (target ≤ 0.3): ${verdict(violations <= 0.3)}`);
  const cost = ia.coreSeconds / vpa.coreSeconds;
  lines.push(`core-seconds: ${fmt(ia.coreSeconds)} vs ${fmt(vpa.coreSeconds)} → ratio ${fmt(cost)} (target ≤ 0.6): ${verdict(cost <= 0.6)}`);
  const r50 = rows.filter((r) => r.system.startsWith('vpa-resnet50-'));
  for (const r of r50) lines.push(`accuracy: infadapter ${fmt(ia.accuracy)} vs ${r.system} ${fmt(r.accuracy)} (target ≥): ${verdict(ia.accuracy >= r.accuracy)}`);
  const oracle = get('infadapter-oracle');
  if (oracle) {
    const gap = Math.abs(oracle.objective - ia.objective) / Math.abs(oracle.objective);
    lines.push(`objective: infadapter ${fmt(ia.objective)} vs oracle ${fmt(oracle.objective)} → gap ${fmt(100 * gap)} % (target ≤ 5 %): ${verdict(ia.objective >= oracle.objective || gap <= 0.05)}`);
  }
  return lines;
}
