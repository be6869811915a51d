import { ConfigError } from '@infscale/core';
import { parseConfigText, yamlDocuments } from './config-file';
import { SCALER_CONFIG_KIND } from './config-wrapper';

type Doc = Record<string, unknown>;
const isDoc = (v: unknown): v is Doc => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The ScalerConfig found, and how errors name where it came from ("stdin (ConfigMap demo-config, key config.yaml)"). */
export interface PickedConfig {
  raw: Doc;
  source: string;
}

/** The ScalerConfig documents a ConfigMap holds in its data (the chart renders config.yaml there). */
function fromConfigMap(doc: Doc, source: string): { raw: Doc; where: string }[] {
  const name = isDoc(doc.metadata) ? String(doc.metadata.name ?? '?') : '?';
  if (!isDoc(doc.data)) return [];
  return Object.entries(doc.data).flatMap(([key, text]) => {
    // Other ConfigMaps (dashboards, routing) are not ours: only a value that says it is a ScalerConfig is parsed.
    if (typeof text !== 'string' || !new RegExp(`^kind:\\s*${SCALER_CONFIG_KIND}\\s*$`, 'm').test(text)) return [];
    const where = `ConfigMap ${name}, key ${key}`;
    return [{ raw: parseConfigText(text, `${source} (${where})`), where }];
  });
}

/**
 * The config document of `--validate`: a single document as --config reads it, or, from a stream of
 * several (what `helm template` prints), the one ScalerConfig in it: a document of kind ScalerConfig,
 * or one held in a ConfigMap's data (the chart's <release>-config). None, or more than one, is a
 * ConfigError that says what was found.
 */
export function scalerConfigFromStream(text: string, source: string): PickedConfig {
  const docs = yamlDocuments(text, source);
  if (docs.length <= 1) return { raw: parseConfigText(text, source), source };
  const found = docs.flatMap((doc, i) => {
    if (!isDoc(doc)) return [];
    if (doc.kind === SCALER_CONFIG_KIND) return [{ raw: doc, where: `document ${i + 1}` }];
    return doc.kind === 'ConfigMap' ? fromConfigMap(doc, source) : [];
  });
  if (found.length === 1) return { raw: found[0]!.raw, source: `${source} (${found[0]!.where})` };
  const message =
    found.length === 0
      ? `no ScalerConfig among its ${docs.length} documents (expected a kind: ${SCALER_CONFIG_KIND} document, or a ConfigMap holding one, as helm template prints the chart)`
      : `${found.length} ScalerConfigs among its documents (${found.map((f) => f.where).join('; ')}): validate one release at a time`;
  throw new ConfigError(source, [{ path: '', value: undefined, message }]);
}
