import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { mergeValues } from './merge-values';
import { TemplateSet } from './template/evaluate';
import { TemplateError } from './template/errors';
import type { Value } from './template/values';

export interface Release {
  name: string;
  namespace: string;
}

/** One object of the rendered manifest and the template file it came from. */
export interface RenderedObject {
  template: string;
  object: Record<string, unknown>;
}

export interface RenderedChart {
  values: Value;
  objects: RenderedObject[];
  notes: string;
}

export interface Chart {
  dir: string;
  name: string;
  version: string;
  appVersion: string;
  defaults: Value;
}

/** Reads Chart.yaml and values.yaml; only the Chart.yaml fields the templates use are kept. */
export function loadChart(dir: string): Chart {
  const meta = parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8')) as Record<string, unknown>;
  if (meta.apiVersion !== 'v2') throw new Error(`${dir}/Chart.yaml: apiVersion must be v2`);
  const field = (key: string): string => {
    const v = meta[key];
    if (typeof v !== 'string' || v === '') throw new Error(`${dir}/Chart.yaml: ${key} must be a non-empty string`);
    return v;
  };
  const valuesFile = join(dir, 'values.yaml');
  const defaults = existsSync(valuesFile) ? ((parse(readFileSync(valuesFile, 'utf8')) as Value) ?? {}) : {};
  return { dir, name: field('name'), version: field('version'), appVersion: field('appVersion'), defaults };
}

/** .Files.Get: a file of the chart by relative path, "" when absent (as Helm), never outside it. */
function filesObject(dir: string): Value {
  const root = resolve(dir);
  return {
    Get: (path: Value) => {
      if (typeof path !== 'string') throw new TemplateError('.Files.Get wants a path string');
      const file = resolve(root, path);
      if (!file.startsWith(root + sep)) throw new TemplateError(`.Files.Get: ${path} is outside the chart`);
      if (relative(root, file).startsWith('templates' + sep)) return '';
      return existsSync(file) ? readFileSync(file, 'utf8') : '';
    },
  };
}

/**
 * What `helm template` does for this subset: merge values, parse every file under templates/ into
 * one set, render each non-partial file (names starting with _ only define), and split the output
 * into YAML documents. NOTES.txt is rendered as text.
 */
export function renderChart(chart: Chart, userValues: Value, release: Release): RenderedChart {
  const values = mergeValues(chart.defaults, userValues);
  const set = new TemplateSet();
  const templatesDir = join(chart.dir, 'templates');
  const files = readdirSync(templatesDir).sort();
  for (const file of files) {
    if (!/\.(ya?ml|tpl|txt)$/.test(file)) throw new Error(`${templatesDir}/${file}: unexpected file in templates/`);
    set.add(`${chart.name}/templates/${file}`, readFileSync(join(templatesDir, file), 'utf8'));
  }
  const root: Value = {
    Values: values,
    Release: { Name: release.name, Namespace: release.namespace, Service: 'Helm' },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
    Files: filesObject(chart.dir),
  };
  const objects: RenderedObject[] = [];
  let notes = '';
  for (const file of files) {
    const name = `${chart.name}/templates/${file}`;
    if (file.startsWith('_')) continue;
    const text = set.render(name, root);
    if (file === 'NOTES.txt') {
      notes = text;
      continue;
    }
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) throw new Error(`${name}: rendered YAML does not parse: ${doc.errors[0]?.message}\n${text}`);
      const object = doc.toJS() as unknown;
      if (object === null || object === undefined) continue;
      if (typeof object !== 'object' || Array.isArray(object)) throw new Error(`${name}: a rendered document is not an object`);
      objects.push({ template: name, object: object as Record<string, unknown> });
    }
  }
  return { values, objects, notes };
}
