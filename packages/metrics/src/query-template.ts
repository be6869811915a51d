import { dnsLabelProblem, dnsSubdomainProblem } from '@infscale/core';
import { POD_SUFFIX_REGEX, QUERY_SPECS, STRING_PLACEHOLDERS, type Placeholder, type QueryName } from './catalogue';
import { escapeLabelValue, escapeRegexLiteral } from './promql-escape';

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

interface Occurrence {
  name: string;
  /** The quote the placeholder sits in: '"', "'", '`', or '' when outside any string. */
  quote: string;
}

/** Finds every {{placeholder}} and the kind of PromQL string around it (a tiny PromQL lexer). */
function occurrences(template: string): Occurrence[] {
  const found: Occurrence[] = [];
  let quote = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (quote === '' && ch === '#') {
      // A comment runs to the end of the line; placeholders there are treated as outside strings.
      const end = template.indexOf('\n', i);
      i = end < 0 ? template.length : end;
      continue;
    }
    if (quote !== '' && quote !== '`' && ch === '\\') {
      i++;
      continue;
    }
    if (quote === '' && (ch === '"' || ch === "'" || ch === '`')) quote = ch;
    else if (ch === quote) quote = '';
    else if (ch === '{' && template[i + 1] === '{') {
      PLACEHOLDER.lastIndex = i;
      const m = PLACEHOLDER.exec(template);
      if (m && m.index === i) {
        found.push({ name: m[1], quote });
        i += m[0].length - 1;
      }
    }
  }
  return found;
}

/** Problems with a user template for query `name`; empty when it is usable. */
export function templateProblems(name: QueryName, template: string): string[] {
  const allowed = QUERY_SPECS[name].placeholders as readonly string[];
  const problems: string[] = [];
  if (template.trim() === '') problems.push('template is empty');
  for (const { name: ph, quote } of occurrences(template)) {
    const isString = (STRING_PLACEHOLDERS as readonly string[]).includes(ph);
    if (!allowed.includes(ph)) problems.push(`{{${ph}}} is not available here (allowed: ${allowed.map((p) => `{{${p}}}`).join(', ')})`);
    else if (isString && quote !== '"' && quote !== "'") problems.push(`{{${ph}}} must be inside a "double" or 'single' quoted string`);
    else if (!isString && quote !== '') problems.push(`{{${ph}}} must be outside strings`);
  }
  return problems;
}

/** Values for one rendering: raw names (validated and escaped here), window and quantile. */
export interface TemplateVars {
  namespace: string;
  deployments: readonly string[];
  window?: string;
  quantile?: number;
  /** A pipeline stage's name (stageQueueLength), validated as a DNS-1123 label. */
  stage?: string;
}

export type Rendered = { kind: 'ok'; query: string } | { kind: 'invalid'; reason: string };

const DURATION = /^([0-9]+(ms|s|m|h|d|w|y))+$/;

/** The first name of `vars` that Kubernetes would refuse, as `<which> "<name>": <core's rule and why>`, or undefined. */
function nameProblem(vars: TemplateVars): string | undefined {
  const named = (which: string, name: string, problem: string | undefined) =>
    problem === undefined ? undefined : `${which} ${JSON.stringify(name)}: ${problem}`;
  const names = [
    named('namespace', vars.namespace, dnsLabelProblem(vars.namespace, 'it is the namespace the query is restricted to')),
    ...vars.deployments.map((d) => named('deployment', d, dnsSubdomainProblem(d, 'it is the name of a deployment the query reads'))),
    vars.stage === undefined ? undefined : named('stage', vars.stage, dnsLabelProblem(vars.stage, 'a stage name becomes part of deployment and Service names')),
  ];
  return names.find((problem) => problem !== undefined);
}

/**
 * Fills a template. Names that Kubernetes would reject are refused (a typed answer, not a throw):
 * they cannot name real workloads, and refusing them keeps odd input out of queries altogether.
 */
export function renderQuery(template: string, vars: TemplateVars): Rendered {
  const badName = nameProblem(vars);
  if (badName !== undefined) return { kind: 'invalid', reason: badName };
  if (vars.deployments.length === 0) return { kind: 'invalid', reason: 'no deployment given' };
  if (vars.window !== undefined && !DURATION.test(vars.window)) {
    return { kind: 'invalid', reason: `window ${JSON.stringify(vars.window)} is not a Prometheus duration` };
  }
  const alternation = vars.deployments.map(escapeRegexLiteral).join('|');
  const values: Record<Placeholder, string | undefined> = {
    namespace: escapeLabelValue(vars.namespace),
    deployment: vars.deployments.length === 1 ? escapeLabelValue(vars.deployments[0]) : undefined,
    deploymentRegex: escapeLabelValue(alternation),
    podRegex: escapeLabelValue(`(?:${alternation})${POD_SUFFIX_REGEX}`),
    window: vars.window,
    quantile: vars.quantile === undefined ? undefined : String(vars.quantile),
    stage: vars.stage === undefined ? undefined : escapeLabelValue(vars.stage),
  };
  let missing: string | undefined;
  const query = template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name as Placeholder];
    if (value === undefined) missing ??= name;
    return value ?? whole;
  });
  if (missing !== undefined) return { kind: 'invalid', reason: `no value for {{${missing}}}` };
  return { kind: 'ok', query };
}
