import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineScaler, INFADAPTER_DETAIL_KEYS, scalerRegistry } from '@infscale/scalers';
import { z } from 'zod';
import { DASHBOARDS, dashboardsOf, renderAll, SCALER_DASHBOARDS } from './catalogue';
import { dataPanels, labelValuesAsPromql, panelQueries, promTargets, substituteVariables } from './dashboard-queries';
import { OUTPUT_DIRS } from './output-dirs';
import { holdingScaler } from '@infscale/scalers/testing';

describe('committed dashboards', () => {
  it.each(OUTPUT_DIRS)('%s holds exactly what the generator writes (run `npm run generate -w @infscale/tool-dashboards`)', (dir) => {
    for (const { file, text } of renderAll()) {
      expect({ file, text: readFileSync(join(dir, file), 'utf8') }).toEqual({ file, text });
    }
  });
});

describe('the dashboards of the registry', () => {
  const deployed = scalerRegistry.deployed.map((e) => e.deploy.dashboard);

  it('has the overview and one per deployed scaler, each built here; no builder goes unused', () => {
    expect(Object.keys(DASHBOARDS)).toEqual(['infscale-overview', ...deployed]);
    expect(Object.keys(SCALER_DASHBOARDS).sort()).toEqual([...deployed].sort());
  });

  it("reads every deployed scaler's series in the overview, and refuses a scaler whose dashboard is not built", () => {
    const tiny = defineScaler({
      name: 'tiny-one',
      description: 'Holds.',
      config: z.strictObject({}),
      create: () => holdingScaler('tiny-one'),
      simulation: { profiles: ['sponge'] },
      actuator: () => ({ actions: [], resize: [] }),
      deploy: { dashboard: 'infscale-tiny-one', chart: { actuatorKeys: [] } },
    });
    expect(() => dashboardsOf(scalerRegistry.with(tiny))).toThrow(
      /scaler tiny-one shows its decisions on dashboard infscale-tiny-one, which tools\/dashboards does not build/,
    );
    const overview = JSON.stringify(DASHBOARDS['infscale-overview']!());
    expect(overview).toContain('infscale_(infadapter|ipa|sponge)_');
  });
});

describe.each(Object.entries(DASHBOARDS))('%s', (name, build) => {
  const dashboard = build();

  it('has the datasource and namespace variables, and every panel reads the chosen datasource', () => {
    expect(dashboard.uid).toBe(name);
    const vars = (dashboard.templating.list ?? []).map((v) => v.name);
    expect(vars.slice(0, 2)).toEqual(['datasource', 'namespace']);
    for (const p of dataPanels(dashboard)) {
      expect(p.datasource?.uid).toBe('${datasource}');
      for (const t of promTargets(p)) expect(t.datasource?.uid).toBe('${datasource}');
    }
  });

  it('narrows every query to $namespace', () => {
    const queries = panelQueries(dashboard);
    expect(queries.length).toBeGreaterThan(5);
    for (const q of queries) expect(q.expr).toContain('namespace="$namespace"');
  });

  it('lays panels on the 24-column grid without overlaps, ids unique', () => {
    const panels = (dashboard.panels ?? []).map((p) => ({ id: p.id, title: p.title, gridPos: p.gridPos ?? { x: -1, y: -1, w: 0, h: 0 } }));
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const [i, a] of panels.entries()) {
      expect(a.gridPos.x).toBeGreaterThanOrEqual(0);
      expect(a.gridPos.x + a.gridPos.w).toBeLessThanOrEqual(24);
      for (const b of panels.slice(i + 1)) {
        const overlap =
          a.gridPos.x < b.gridPos.x + b.gridPos.w &&
          b.gridPos.x < a.gridPos.x + a.gridPos.w &&
          a.gridPos.y < b.gridPos.y + b.gridPos.h &&
          b.gridPos.y < a.gridPos.y + a.gridPos.h;
        expect({ a: a.title, b: b.title, overlap }).toEqual({ a: a.title, b: b.title, overlap: false });
      }
    }
  });
});

describe('substituteVariables', () => {
  it('fills $name and ${name}, leaves PromQL $1 alone', () => {
    expect(
      substituteVariables('label_replace(x{namespace="$namespace"}[$__rate_interval], "a", "$1", "b", "(.*)") ${datasource}', {
        namespace: 'ns',
        __rate_interval: '15s',
        datasource: 'p',
      }),
    ).toBe('label_replace(x{namespace="ns"}[15s], "a", "$1", "b", "(.*)") p');
  });

  it('refuses to leave a variable unfilled', () => {
    expect(() => substituteVariables('x{a="$nope"}', {})).toThrow(/\$nope/);
  });

  it('turns label_values(metric, label) into a PromQL grouping', () => {
    expect(labelValuesAsPromql('label_values(up{job="x"}, namespace)')).toBe('group by (namespace) (up{job="x"})');
    expect(() => labelValuesAsPromql('query_result(up)')).toThrow();
  });
});

describe('decision_value names', () => {
  it('the InfAdapter dashboard reads only keys its scaler puts in a decision', () => {
    const names = panelQueries(DASHBOARDS['infscale-infadapter']()).flatMap((q) => [...q.expr.matchAll(/decision_value\{[^}]*name="(\w+)"/g)].map((m) => m[1]));
    expect(names.length).toBeGreaterThanOrEqual(5);
    expect(names.filter((n) => !(Object.values(INFADAPTER_DETAIL_KEYS) as string[]).includes(n))).toEqual([]);
  });
});
