import { configJsonSchema, type JsonSchema } from '@infscale/core';
import { kubeActuatorConfigSchema } from '@infscale/kube';
import { prometheusSourceConfigSchema } from '@infscale/metrics';
import type { ChartActuatorKey, RegisteredScaler, ScalerRegistry } from '@infscale/scalers';
import type { z } from 'zod';

/** Marks what the generator writes: edit the zod schema named, then regenerate. */
const generated = (source: string): string => `Generated from ${source} by \`npm run generate -w @infscale/tool-helm-check\`: edit it there, not here.`;

/** A zod schema's JSON Schema as a subschema of the chart's document (no $schema of its own). */
function subschema(schema: z.ZodType): JsonSchema {
  const { $schema: _draft, ...rest } = configJsonSchema(schema);
  return rest;
}

const kubeShape = kubeActuatorConfigSchema.shape;

/**
 * The actuator settings the chart takes in a scaler's section and moves to `kubernetes`
 * (templates/_config.tpl), as packages/kube's schema describes them. The chart writes an empty
 * resizeReadinessGate for "off", so the empty text is allowed there.
 */
function actuatorKey(key: ChartActuatorKey): JsonSchema {
  const schema = subschema(kubeShape[key]);
  if (key !== 'resizeReadinessGate') return schema;
  const { description, ...gate } = schema;
  return { description: `${String(description)} The chart's empty text means off.`, anyOf: [{ const: '' }, gate] };
}

/**
 * `schema` with `change` made to the object at `path` for its last field: "a" is a field of the
 * object, "a.b" of its field a, "a[].b" of each item of its list a.
 */
function atPath(schema: JsonSchema, path: string, change: (object: JsonSchema, field: string) => JsonSchema): JsonSchema {
  const [head, ...rest] = path.split('.');
  const list = head!.endsWith('[]');
  const name = list ? head!.slice(0, -2) : head!;
  if (rest.length === 0) return change(schema, name);
  const properties = schema.properties as Record<string, JsonSchema>;
  const field = properties[name];
  if (!field) throw new Error(`no field ${name} on the way to ${path}`);
  const inner = rest.join('.');
  const changed = list ? { ...field, items: atPath(field.items as JsonSchema, inner, change) } : atPath(field, inner, change);
  return { ...schema, properties: { ...properties, [name]: changed } };
}

const requiring = (schema: JsonSchema, path: string): JsonSchema =>
  atPath(schema, path, (object, field) => ({ ...object, required: [...new Set([...((object.required ?? []) as string[]), field])] }));

const omitting = (schema: JsonSchema, path: string): JsonSchema =>
  atPath(schema, path, (object, field) => {
    const { [field]: _gone, ...properties } = object.properties as Record<string, JsonSchema>;
    const required = ((object.required ?? []) as string[]).filter((f) => f !== field);
    const { required: _required, ...rest } = object;
    return { ...rest, properties, ...(required.length > 0 ? { required } : {}) };
  });

/** One deployed scaler's section of values.yaml: its registry config (less what the chart omits) and the actuator keys. */
export function chartSection(entry: RegisteredScaler): JsonSchema {
  const chart = entry.deploy?.chart;
  if (!chart) throw new Error(`scaler ${entry.name} is not deployed (its registry entry has no deploy)`);
  const { properties: fields, required: requiredFields, ...section } = Object.keys(chart.omit ?? {}).reduce(omitting, subschema(entry.configSchema));
  const properties = { ...(fields as Record<string, JsonSchema>) };
  for (const key of chart.actuatorKeys) properties[key] = actuatorKey(key);
  const required = ((requiredFields ?? []) as string[]).filter((f) => f in properties);
  const generatedSection: JsonSchema = {
    $comment: sectionComment(entry.name),
    description: `${entry.description} Used when scaler is ${entry.name}.`,
    ...section,
    properties,
    ...(required.length > 0 ? { required } : {}),
  };
  // The chart's templates fail without a pod template where the scaler creates deployments.
  const chartRequires = [...(chart.actuatorKeys.includes('template') ? ['template'] : []), ...(chart.require ?? [])];
  return chartRequires.reduce(requiring, generatedSection);
}

const sectionComment = (name: string): string => generated(`the scaler registry's ${name} entry (packages/scalers) and packages/kube's config`);

/** The fields of `schema` named, as the chart's subschemas (the ones the chart passes through unchanged). */
function fieldsOf(schema: z.ZodType, names: readonly string[]): Record<string, JsonSchema> {
  const properties = subschema(schema).properties as Record<string, JsonSchema>;
  return Object.fromEntries(names.map((name) => [name, properties[name]!]));
}

/** `current` with `properties` replaced by name, in place (so the file keeps its order) and new ones at the end. */
function withProperties(current: JsonSchema, properties: Record<string, JsonSchema>): JsonSchema {
  return { ...current, properties: { ...(current.properties as Record<string, JsonSchema>), ...properties } };
}

/**
 * values.schema.json from the zod schemas: each deployed scaler's section from its registry entry, the
 * `scaler` choice and its if/then from the registry, and the Prometheus and actuator values the chart
 * passes through unchanged from packages/metrics' and packages/kube's schemas. The rest (image, RBAC,
 * Services, data plane…) is the chart's own and stays as written in `current`. Pure.
 */
export function chartValuesSchema(current: JsonSchema, registry: ScalerRegistry): JsonSchema {
  const properties = current.properties as Record<string, JsonSchema>;
  const deployed = registry.deployed;
  // The section of a scaler no longer deployed goes with it.
  const kept = Object.fromEntries(Object.entries(properties).filter(([k, v]) => v.$comment !== sectionComment(k) || deployed.some((e) => e.name === k)));
  const prometheus = properties.prometheus ?? {};
  const actuator = properties.actuator ?? {};
  const actuatorProperties = (actuator.properties ?? {}) as Record<string, JsonSchema>;
  const kube = subschema(kubeActuatorConfigSchema).properties as Record<string, JsonSchema>;
  const kubePart = (name: 'leaderElection' | 'routing', fields: string[]): JsonSchema => {
    const chartPart = actuatorProperties[name] ?? {};
    const fromKube = (kube[name]?.properties ?? {}) as Record<string, JsonSchema>;
    return withProperties(chartPart, Object.fromEntries(fields.map((f) => [f, fromKube[f]!])));
  };
  return {
    ...current,
    properties: {
      ...kept,
      scaler: { ...properties.scaler, enum: deployed.map((e) => e.name), $comment: generated("the scaler registry's deployed scalers (packages/scalers)") },
      prometheus: {
        ...withProperties(prometheus, fieldsOf(prometheusSourceConfigSchema, ['serverAddress', 'timeoutMs', 'headers', 'preset', 'queries', 'windows'])),
        $comment: generated(
          "packages/metrics' config for serverAddress, timeoutMs, headers, preset, queries and windows; auth and tls are the chart's Secrets",
        ),
      },
      actuator: {
        ...withProperties(actuator, {
          dryRun: kube.dryRun!,
          leaderElection: kubePart('leaderElection', ['enabled']),
          routing: kubePart('routing', ['configMap']),
        }),
        $comment: generated(
          "packages/kube's config for dryRun, leaderElection.enabled and routing.configMap; leaseDurationSeconds is bounded by the chart's renew deadline",
        ),
      },
      ...Object.fromEntries(deployed.map((entry) => [entry.name, chartSection(entry)])),
    },
    allOf: deployed.map((e) => ({ if: { properties: { scaler: { const: e.name } }, required: ['scaler'] }, then: { required: [e.name] } })),
  };
}

/** The file's text: 2-space JSON and a final newline, as committed. */
export function valuesSchemaText(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
