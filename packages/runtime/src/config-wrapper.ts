import { ConfigError, type ConfigIssue } from '@infscale/core';

/** The Kubernetes-style envelope the Helm chart writes around the canonical document. */
export const SCALER_CONFIG_API_VERSION = 'infscale.io/v1alpha1';
export const SCALER_CONFIG_KIND = 'ScalerConfig';

type Doc = Record<string, unknown>;
const isDoc = (v: unknown): v is Doc => v !== null && typeof v === 'object' && !Array.isArray(v);
const ENVELOPE_KEYS = new Set(['apiVersion', 'kind', 'metadata', 'spec']);

/** True when the document is `{apiVersion, kind, metadata?, spec}` rather than the sections themselves. */
export function isWrappedDocument(doc: Doc): boolean {
  return 'apiVersion' in doc || 'kind' in doc;
}

/**
 * The canonical document ({scaler, prometheus, kubernetes, server, loop}) from either shape. A
 * wrapped one must be exactly {apiVersion: infscale.io/v1alpha1, kind: ScalerConfig, metadata?,
 * spec: <canonical>}; anything else is a ConfigError naming the envelope's field, so a chart and a
 * runtime that disagree fail at start, not in the middle of a plan.
 */
export function unwrapScalerConfig(doc: Doc, source: string): Doc {
  if (!isWrappedDocument(doc)) return doc;
  const issues: ConfigIssue[] = [];
  if (doc.apiVersion !== SCALER_CONFIG_API_VERSION) issues.push({ path: 'apiVersion', value: doc.apiVersion, message: `must be ${SCALER_CONFIG_API_VERSION}` });
  if (doc.kind !== SCALER_CONFIG_KIND) issues.push({ path: 'kind', value: doc.kind, message: `must be ${SCALER_CONFIG_KIND}` });
  if (doc.metadata !== undefined && !isDoc(doc.metadata)) issues.push({ path: 'metadata', value: doc.metadata, message: 'must be a mapping' });
  if (!isDoc(doc.spec)) issues.push({ path: 'spec', value: doc.spec, message: 'must be the config document (scaler, prometheus, kubernetes, server, loop)' });
  for (const key of Object.keys(doc)) {
    if (!ENVELOPE_KEYS.has(key)) issues.push({ path: key, value: doc[key], message: 'unknown field next to spec (the sections belong inside spec)' });
  }
  if (issues.length > 0) throw new ConfigError(source, issues);
  return doc.spec as Doc;
}

/** Where the sections sit in the file: errors inside a wrapped document name `spec.<field>`. */
export function sectionRoot(doc: Doc): string {
  return isWrappedDocument(doc) ? 'spec.' : '';
}

/** A ConfigError whose paths are re-rooted under `root` ("spec.", "scaler.", "spec.scaler."). */
export function rerooted(err: ConfigError, root: string, source = err.source): ConfigError {
  const base = root.replace(/\.$/, '');
  return new ConfigError(
    source,
    err.issues.map((i) => ({ ...i, path: i.path ? `${root}${i.path}` : base || i.path })),
  );
}
