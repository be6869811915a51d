import { ConfigError } from '@infscale/core';
import { ipaAccuracyFraction, loadIpaPipeline, type IpaPipeline, type IpaVariant } from '@infscale/profiles';
import type { IpaConfig, IpaVariantConfig } from './ipa-config';

/** A variant as the scaler uses it: accuracy as a fraction in [0, 1], points within the stage's max batch. */
export interface IpaScalerVariant {
  name: string;
  accuracy: number;
  /** i/(k − 1) for the i-th least accurate of the stage's k variants (1 when it is alone): IPA's normalized accuracy. */
  rank: number;
  baseCores: number;
  points: { batch: number; latencyMs: number; throughputRps: number }[];
}

export interface IpaScalerStage {
  name: string;
  /** Deployment names of this stage are "<deploymentPrefix>-<variant>". */
  deploymentPrefix: string;
  maxBatch: number;
  variants: IpaScalerVariant[];
}

/** Everything the decision needs, from the bundled profile and the user's config. */
export interface ResolvedIpaPipeline {
  name: string;
  /** The bundled profile it came from, if any (FA2-high and RIM defaults). */
  profile?: string;
  stages: IpaScalerStage[];
  slaMs: number;
  dropLimitMs: number;
  alpha: number;
  beta: number;
  gamma: number;
  scalingCap: number;
  marginPct: number;
}

const SOURCE = 'ipa scaler config';

/** IPA's normalized accuracies (variants_accuracies_normalized): ranks by accuracy, then name, from 0 to 1. */
function withRanks(variants: Omit<IpaScalerVariant, 'rank'>[]): IpaScalerVariant[] {
  const order = [...variants].sort((a, b) => a.accuracy - b.accuracy || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const k = order.length;
  return variants.map((v) => ({ ...v, rank: k === 1 ? 1 : order.indexOf(v) / (k - 1) }));
}

type StageConfig = NonNullable<IpaConfig['stages']>[number];

function fromBundled(v: IpaVariant): Omit<IpaScalerVariant, 'rank'> {
  return {
    name: v.name,
    accuracy: ipaAccuracyFraction(v.accuracy),
    baseCores: v.baseCores,
    points: v.points.map(({ batch, latencyMs, throughputRps }) => ({ batch, latencyMs, throughputRps })),
  };
}

function fromConfig(v: IpaVariantConfig): Omit<IpaScalerVariant, 'rank'> {
  return { name: v.name, accuracy: v.accuracy, baseCores: v.baseCores, points: [...v.points].sort((a, b) => a.batch - b.batch) };
}

function configError(path: string, value: unknown, message: string): ConfigError {
  return new ConfigError(SOURCE, [{ path, value, message }]);
}

/** Joins the bundled profile (when named) with the user's stages; throws ConfigError naming the field. */
export function resolveIpaPipeline(c: IpaConfig, load: (name: string) => IpaPipeline = loadIpaPipeline): ResolvedIpaPipeline {
  const bundled = c.profile ? load(c.profile) : undefined;
  const stageConfigs: StageConfig[] = c.stages ?? bundled!.stages.map((s) => ({ name: s.name }));
  if (bundled && c.stages && c.stages.length !== bundled.stages.length) {
    throw configError(
      'stages',
      c.stages.map((s) => s.name),
      `profile ${bundled.name} has ${bundled.stages.length} stages (${bundled.stages.map((s) => s.name).join(', ')})`,
    );
  }
  const stages = stageConfigs.map((sc, i): IpaScalerStage => {
    const base = bundled?.stages[i];
    if (base && base.name !== sc.name) throw configError(`stages.${i}.name`, sc.name, `stage ${i} of profile ${bundled!.name} is "${base.name}"`);
    const unranked = sc.variants
      ? sc.variants.map((v, j) => {
          if (typeof v !== 'string') return fromConfig(v);
          const found = base?.variants.find((b) => b.name === v);
          if (!found)
            throw configError(`stages.${i}.variants.${j}`, v, `not a variant of stage ${sc.name} (known: ${base?.variants.map((b) => b.name).join(', ')})`);
          return fromBundled(found);
        })
      : base!.variants.map(fromBundled);
    const variants = withRanks(unranked);
    const maxBatch = sc.maxBatch ?? bundled?.settings.batchCap ?? Math.max(...unranked.flatMap((v) => v.points.map((p) => p.batch)));
    for (const v of variants) {
      v.points = v.points.filter((p) => p.batch <= maxBatch);
      if (v.points.length === 0) throw configError(`stages.${i}.maxBatch`, maxBatch, `variant ${v.name} has no profiled batch ≤ ${maxBatch}`);
    }
    const target = sc.targetRef?.name;
    return { name: sc.name, deploymentPrefix: target ?? `${c.name ?? c.profile ?? 'ipa'}-${sc.name}`, maxBatch, variants };
  });
  // Every stage's variant is a deployment of its own name: two that map to one name would fight over it.
  const owners = new Map<string, string>();
  stages.forEach((stage, i) =>
    stage.variants.forEach((v, j) => {
      const name = ipaDeploymentFor(stage, v.name);
      const other = owners.get(name);
      if (other)
        throw configError(
          `stages.${i}.variants.${j}`,
          v.name,
          `its deployment name "${name}" is also ${other}'s: give the stages targetRef names that do not run into each other`,
        );
      owners.set(name, `stage ${stage.name} variant ${v.name}`);
    }),
  );
  const slaMs = c.sla?.latencyMs ?? bundled!.slaMs;
  return {
    name: c.name ?? bundled?.name ?? 'custom',
    ...(bundled ? { profile: bundled.name } : {}),
    stages,
    slaMs,
    dropLimitMs: c.dropAfterMs ?? defaultDropLimitMs(c, slaMs, bundled),
    alpha: c.objective.alpha ?? bundled?.settings.alpha ?? 1,
    beta: c.objective.beta ?? bundled?.settings.beta ?? 0.5,
    gamma: c.objective.gamma ?? bundled?.settings.gamma ?? 1e-6,
    scalingCap: c.scalingCap ?? bundled?.settings.scalingCap ?? 100,
    marginPct: c.forecast.margin ?? bundled?.settings.predictorMarginPct ?? 0,
  };
}

/**
 * The router's drop limit unless set: the SLA for the improved method, since a request past it is a
 * violation whatever follows and serving it only takes capacity from requests that can still make
 * theirs (issue #19); the profile's (the paper's) for the paper's method and the baselines.
 */
function defaultDropLimitMs(c: IpaConfig, slaMs: number, bundled: IpaPipeline | undefined): number {
  if (c.method === 'improved' && c.mode === 'ipa') return slaMs;
  return bundled?.dropLimitMs ?? 2 * slaMs;
}

/** Kubernetes-safe deployment name of one stage's variant (lower case, [a-z0-9-], ≤ 63 characters). */
export function ipaDeploymentFor(stage: IpaScalerStage, variant: string): string {
  const raw = `${stage.deploymentPrefix}-${variant}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (raw.length <= 63) return raw;
  // Keep names unique when truncating: a short hash of the full name.
  let h = 0;
  for (const ch of raw) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `${raw.slice(0, 54).replace(/-$/, '')}-${h.toString(36).padStart(7, '0').slice(0, 8)}`;
}
