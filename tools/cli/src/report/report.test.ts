import { lineChart, niceTicks } from './svg-chart';
import { renderHtmlReport } from './html-report';

describe('report charts', () => {
  it('picks round ticks', () => {
    expect(niceTicks(0, 274)).toEqual([0, 100, 200]);
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });

  it('escapes text so a series name cannot break the SVG', () => {
    const svg = lineChart({
      title: 'a<b',
      xLabel: 'time s',
      yLabel: 'cores',
      series: [
        {
          name: 'x & "y"',
          points: [
            [0, 1],
            [10, 2],
          ],
        },
      ],
    });
    expect(svg).toContain('a&lt;b');
    expect(svg).toContain('x &amp; &quot;y&quot;');
    expect(svg.match(/<path /g)).toHaveLength(1);
  });

  it('draws steps as horizontal-then-vertical moves', () => {
    const svg = lineChart({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      series: [
        {
          name: 's',
          step: true,
          points: [
            [0, 1],
            [5, 2],
          ],
        },
      ],
      width: 230,
      height: 75,
    });
    // plot area: x 60..60, so check only the command letters
    expect(svg).toMatch(/<path d="M[\d.]+,[\d.]+H[\d.]+V[\d.]+"/);
  });

  it('thins long series to a bounded number of points', () => {
    const points = Array.from({ length: 100_000 }, (_, i) => [i, i % 7] as [number, number]);
    const svg = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', points }] });
    expect((svg.match(/L/g) ?? []).length).toBeLessThan(1600);
  });

  it('puts a log x axis on powers of ten and leaves out x ≤ 0', () => {
    const svg = lineChart({
      title: 't',
      xLabel: 'ms',
      yLabel: 'f',
      xLog: true,
      series: [
        {
          name: 's',
          points: [
            [0, 0.1],
            [5, 0.2],
            [50, 0.5],
            [5000, 1],
          ],
        },
      ],
    });
    const ticks = [...svg.matchAll(/text-anchor="middle">(\d+)<\/text>/g)].map((m) => m[1]);
    expect(ticks).toEqual(['10', '100', '1000']);
    // Three points drawn (x = 0 left out): one move and two line segments.
    expect(svg).toMatch(/<path d="M[\d.]+,[\d.]+L[\d.]+,[\d.]+L[\d.]+,[\d.]+"/);
  });

  it('widens the legend for long names', () => {
    const short = lineChart({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      series: [
        {
          name: 'a',
          points: [
            [0, 1],
            [1, 2],
          ],
        },
      ],
    });
    const long = lineChart({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      series: [
        {
          name: 'infadapter-oracle capacity',
          points: [
            [0, 1],
            [1, 2],
          ],
        },
      ],
    });
    const plotRight = (svg: string) => Number(/<rect x="60" y="30" width="([\d.]+)"/.exec(svg)?.[1]);
    expect(plotRight(long)).toBeLessThan(plotRight(short));
  });

  it('renders a self-contained HTML report', () => {
    const html = renderHtmlReport({
      title: 'InfAdapter vs VPA',
      subtitle: 'segment',
      provenance: 'infscale compare --scenario infadapter',
      table: {
        header: ['system', 'SLO violation %'],
        rows: [
          ['infadapter', 1.23456],
          ['vpa <r50>', 10],
        ],
      },
      sections: [
        {
          title: 'Cores',
          chart: {
            title: 'cores',
            xLabel: 'x',
            yLabel: 'y',
            series: [
              {
                name: 's',
                points: [
                  [0, 1],
                  [1, 2],
                ],
              },
            ],
          },
        },
      ],
    });
    expect(html).toContain('<td>1.235</td>');
    expect(html).toContain('vpa &lt;r50&gt;');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });
});
