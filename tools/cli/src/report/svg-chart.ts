/** Hand-written SVG line charts for the comparison reports: no browser, no plotting dependency. */
import type { ChartSpec, Series } from '@infscale/experiments';

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Round numbers for axis ticks: 1, 2 or 5 times a power of ten. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function label(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 10_000) return `${(n / 1000).toFixed(0)}k`;
  return Number.isInteger(n) ? String(n) : n.toPrecision(3);
}

/** Keeps at most `max` points per series (every k-th plus the last) so long runs stay small files. */
function thin(points: Series['points'], max: number): Series['points'] {
  if (points.length <= max) return points;
  const k = Math.ceil(points.length / max);
  const out = points.filter((_, i) => i % k === 0);
  if (out[out.length - 1] !== points[points.length - 1]) out.push(points[points.length - 1]);
  return out;
}

export function lineChart(spec: ChartSpec): string {
  const width = spec.width ?? 760;
  const height = spec.height ?? 300;
  // The legend gets as much room as its longest name needs (about 6.5 px a character at 11 px).
  const legendWidth = Math.min(260, 40 + 6.5 * Math.max(0, ...spec.series.map((s) => s.name.length)));
  const m = { left: 60, right: Math.max(120, legendWidth), top: 30, bottom: 45 };
  const tx = spec.xLog ? (x: number) => Math.log10(x) : (x: number) => x;
  const all = spec.series.flatMap((s) => s.points).filter((p) => !spec.xLog || p[0] > 0);
  const xs = all.map((p) => tx(p[0]));
  const ys = all.map((p) => p[1]).filter(Number.isFinite);
  const xMin = xs.length ? Math.min(...xs) : 0;
  const xMax = xs.length ? Math.max(...xs) : 1;
  const yMin = spec.yFromZero === false && ys.length ? Math.min(...ys) : 0;
  const yMaxRaw = ys.length ? Math.max(...ys) : 1;
  const yMax = yMaxRaw > yMin ? yMaxRaw * 1.05 : yMin + 1;
  const px = (x: number) => m.left + ((tx(x) - xMin) / (xMax - xMin || 1)) * (width - m.left - m.right);
  const py = (y: number) => height - m.bottom - ((y - yMin) / (yMax - yMin)) * (height - m.top - m.bottom);

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
  );
  parts.push(`<text x="${width / 2 - m.right / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(spec.title)}</text>`);
  for (const t of niceTicks(yMin, yMax)) {
    parts.push(`<line x1="${m.left}" x2="${width - m.right}" y1="${py(t).toFixed(1)}" y2="${py(t).toFixed(1)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${m.left - 6}" y="${(py(t) + 4).toFixed(1)}" text-anchor="end">${label(t)}</text>`);
  }
  const xTicks = spec.xLog ? Array.from({ length: Math.floor(xMax) - Math.ceil(xMin) + 1 }, (_, i) => 10 ** (Math.ceil(xMin) + i)) : niceTicks(xMin, xMax, 8);
  for (const t of xTicks) {
    parts.push(`<text x="${px(t).toFixed(1)}" y="${height - m.bottom + 16}" text-anchor="middle">${label(t)}</text>`);
  }
  parts.push(`<rect x="${m.left}" y="${m.top}" width="${width - m.left - m.right}" height="${height - m.top - m.bottom}" fill="none" stroke="#999"/>`);
  parts.push(`<text x="${(m.left + width - m.right) / 2}" y="${height - 8}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${(m.top + height - m.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`);
  spec.series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const pts = thin(
      s.points.filter((p) => Number.isFinite(p[1]) && (!spec.xLog || p[0] > 0)),
      1500,
    );
    if (pts.length > 0) {
      let d = `M${px(pts[0][0]).toFixed(1)},${py(pts[0][1]).toFixed(1)}`;
      for (let k = 1; k < pts.length; k++) {
        if (s.step) d += `H${px(pts[k][0]).toFixed(1)}`;
        d += `${s.step ? 'V' : 'L' + px(pts[k][0]).toFixed(1) + ','}${py(pts[k][1]).toFixed(1)}`;
      }
      parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
    }
    const ly = m.top + 14 * i + 8;
    parts.push(`<line x1="${width - m.right + 10}" x2="${width - m.right + 28}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"/>`);
    parts.push(`<text x="${width - m.right + 32}" y="${ly + 4}">${escapeXml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
