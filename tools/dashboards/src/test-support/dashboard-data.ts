import type { RunningPrometheus } from '@infscale/metrics/testing';
import { DASHBOARDS } from '../catalogue';
import { labelValuesAsPromql, panelQueries, substituteVariables } from '../dashboard-queries';

/** Grafana's variables as the e2e tests fill them: a rate window of several 1 s scrapes. */
export function variableValues(namespace: string, slo?: string): Record<string, string> {
  return { namespace, __rate_interval: '20s', datasource: 'prometheus', ...(slo ? { slo } : {}) };
}

/**
 * Declares one test per panel query of a dashboard, named "<panel> / <legend>" so the report lists
 * every query checked: with its variables substituted it must parse and return at least one series
 * on the test's Prometheus. Call after the load ran (declare it last in the file): Jest runs tests
 * in order. Also checks that the Namespace variable offers exactly the test's namespace.
 */
export function describeDashboardData(name: string, prom: () => RunningPrometheus, values: Record<string, string>): void {
  const dashboard = DASHBOARDS[name]();
  const queries = panelQueries(dashboard).map((q) => [`${q.panel} / ${q.legend}`, q.expr] as const);
  describe(`${name}: every panel query returns data`, () => {
    it.each(queries)('%s', async (_label, expr) => {
      const result = await prom().query(substituteVariables(expr, values));
      expect({ expr, series: result.length > 0 }).toEqual({ expr, series: true });
    });

    it('the Namespace variable offers the namespace', async () => {
      const nsVar = (dashboard.templating.list ?? []).find((v) => v.name === 'namespace');
      const query: unknown = nsVar?.query;
      const nsQuery = typeof query === 'string' ? query : String((query as { query?: unknown } | undefined)?.query);
      expect((await prom().query(labelValuesAsPromql(nsQuery))).map((r) => r.labels.namespace)).toEqual([values.namespace]);
    });
  });
}
