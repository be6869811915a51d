import { ConfigError } from '@infscale/core';
import type { IpaMode } from '@infscale/solver';
import type { IpaConfig } from './ipa-config';
import type { ResolvedIpaPipeline } from './ipa-pipeline';

/**
 * The paper's FA2-high variants per bundled pipeline (yolov5s+resnet101; s2t-medium+roberta-base;
 * s2t-medium+distilbert-sst2; distilbart-12-6+roberta-base; opus-tc-big+distilbart-12-6), in the
 * bundled profiles' names. nlp's first stage (language id) has one variant.
 */
export const FA2_HIGH_VARIANTS: Record<string, readonly string[]> = {
  video: ['yolov5s', 'resnet101'],
  'audio-qa': ['facebook-s2t-medium-librispeech-asr', 'deepset-roberta-base-squad2'],
  'audio-sent': ['facebook-s2t-medium-librispeech-asr', 'distilbert-base-uncased-finetuned-sst-2-english'],
  'sum-qa': ['sshleifer-distilbart-xsum-12-6', 'deepset-roberta-base-squad2'],
  nlp: ['dinalzein-xlm-roberta-base-finetuned-language-identification', 'Helsinki-NLP-opus-mt-tc-big-fr-en', 'sshleifer-distilbart-xsum-12-6'],
};

/** The paper's RIM replicas per stage (fixed; variant and batch free). */
export const RIM_REPLICAS: Record<string, readonly number[]> = {
  video: [3, 3],
  'audio-qa': [27, 6],
  'audio-sent': [27, 5],
  'sum-qa': [12, 8],
  nlp: [6, 22, 12],
};

const SOURCE = 'ipa scaler config';

/** FA2-low: the least accurate variant of each stage (the cheaper one on a tie). */
export function lightestVariants(p: ResolvedIpaPipeline): string[] {
  return p.stages.map((s) => [...s.variants].sort((a, b) => a.accuracy - b.accuracy || a.baseCores - b.baseCores)[0]!.name);
}

/** The solver mode of the configured system; throws ConfigError naming the field when a baseline lacks its list. */
export function ipaModeFor(c: IpaConfig, p: ResolvedIpaPipeline): IpaMode {
  if (c.mode === 'ipa') return { kind: 'ipa' };
  if (c.mode === 'fa2-low') return { kind: 'fa2', variants: lightestVariants(p) };
  if (c.mode === 'fa2-high') {
    const variants = c.fa2Variants ?? (p.profile ? FA2_HIGH_VARIANTS[p.profile] : undefined);
    if (!variants)
      throw new ConfigError(SOURCE, [
        { path: 'fa2Variants', value: undefined, message: 'mode fa2-high on a user-described pipeline needs one variant per stage' },
      ]);
    if (variants.length !== p.stages.length)
      throw new ConfigError(SOURCE, [{ path: 'fa2Variants', value: variants, message: `needs one variant per stage (${p.stages.length})` }]);
    variants.forEach((v, i) => {
      const stage = p.stages[i]!;
      if (!stage.variants.some((x) => x.name === v)) {
        throw new ConfigError(SOURCE, [
          { path: `fa2Variants.${i}`, value: v, message: `not a variant of stage ${stage.name} (known: ${stage.variants.map((x) => x.name).join(', ')})` },
        ]);
      }
    });
    return { kind: 'fa2', variants: [...variants] };
  }
  const replicas = c.rimReplicas ?? (p.profile ? RIM_REPLICAS[p.profile] : undefined);
  if (!replicas)
    throw new ConfigError(SOURCE, [
      { path: 'rimReplicas', value: undefined, message: 'mode rim on a user-described pipeline needs the replicas of every stage' },
    ]);
  if (replicas.length !== p.stages.length)
    throw new ConfigError(SOURCE, [{ path: 'rimReplicas', value: replicas, message: `needs one replica count per stage (${p.stages.length})` }]);
  return { kind: 'rim', replicas: [...replicas] };
}
