import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, parseConfig, yamlDocuments } from '@infscale/core';
import type { InfAdapterProfiles } from '../infadapter';
import type { LatencyModel } from '../sponge';
import { infAdapterModelSchema, infAdapterProfilesFromSection } from './infadapter-section';

export const PROFILE_SCALERS = ['infadapter', 'ipa', 'sponge'] as const;
export type ProfileScaler = (typeof PROFILE_SCALERS)[number];

/**
 * A profile file: the chart's values for one scaler, or the part of them that describes the model
 * (`infscale profile` writes one), so the same file goes to `helm -f` and to `--profile-file`:
 *   scaler: infadapter
 *   infadapter: { slo: {latencyMs: 750}, variants: [{name, accuracy, loadTimeS, capacity: [{cores, sloMs, capacityRps}]}] }
 */
export interface ProfileFile {
  file: string;
  scaler: ProfileScaler;
  /** The scaler's section as written (the scaler's own schema validates the rest of it). */
  section: Record<string, unknown>;
}

/** Files larger than this are refused before reading: a profile is a few kilobytes. */
export const MAX_PROFILE_FILE_BYTES = 4 << 20;

const documentSchema = z.looseObject({
  scaler: z.enum(PROFILE_SCALERS).optional(),
  infadapter: z.record(z.string(), z.unknown()).optional(),
  ipa: z.record(z.string(), z.unknown()).optional(),
  sponge: z.record(z.string(), z.unknown()).optional(),
});

const fileError = (file: string, path: string, message: string, value?: unknown) => new ConfigError(file, [{ path, value, message }]);

/** Reads a profile file (YAML or JSON): which scaler it describes and that scaler's section. */
export function loadProfileFile(file: string): ProfileFile {
  let text: string;
  try {
    if (statSync(file).size > MAX_PROFILE_FILE_BYTES) throw fileError(file, '', `larger than ${MAX_PROFILE_FILE_BYTES} bytes: not a profile`);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw fileError(file, '', `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseProfileText(text, file);
}

export function parseProfileText(text: string, file: string): ProfileFile {
  const docs = yamlDocuments(text, file);
  if (docs.length !== 1) throw fileError(file, '', `expected one document, found ${docs.length}`);
  const doc = parseConfig(documentSchema, docs[0], file);
  const present = PROFILE_SCALERS.filter((s) => doc[s] !== undefined);
  const scaler = doc.scaler ?? (present.length === 1 ? present[0] : undefined);
  if (!scaler) {
    throw fileError(
      file,
      'scaler',
      present.length === 0
        ? `no scaler section: add one of ${PROFILE_SCALERS.join(', ')}`
        : `sections ${present.join(', ')}: say which one with scaler: <${PROFILE_SCALERS.join('|')}>`,
    );
  }
  const section = doc[scaler];
  if (!section) throw fileError(file, scaler, `scaler is ${scaler} but the file has no ${scaler} section`);
  return { file, scaler, section };
}

/** A UsageError-worthy mismatch: the file describes another scaler than the command runs. */
export function requireScaler(profile: ProfileFile, wanted: ProfileScaler): void {
  if (profile.scaler !== wanted) throw fileError(profile.file, 'scaler', `describes ${profile.scaler}, but this runs ${wanted}`, profile.scaler);
}

/** An InfAdapter profile file as the profiles the solver, the simulator and the comparison read. */
export function infAdapterProfilesOf(profile: ProfileFile): InfAdapterProfiles {
  requireScaler(profile, 'infadapter');
  // Parsed under its key, so every error names the field from the file's root (infadapter.variants.0…).
  const { infadapter } = parseConfig(z.looseObject({ infadapter: infAdapterModelSchema }), { infadapter: profile.section }, profile.file);
  return infAdapterProfilesFromSection(infadapter, profile.file);
}

const spongeModelSchema = z.looseObject({
  latencyModel: z.object({ gamma: z.number().finite(), delta: z.number().finite(), epsilon: z.number().finite(), eta: z.number().finite() }).strict(),
  slo: z.looseObject({ latencyMs: z.number().positive().optional() }).optional(),
});

/** A Sponge profile file's latency model l(b, c) (and SLO, when it sets one). */
export function spongeModelOf(profile: ProfileFile): { model: LatencyModel; sloMs?: number } {
  requireScaler(profile, 'sponge');
  const s = parseConfig(z.looseObject({ sponge: spongeModelSchema }), { sponge: profile.section }, profile.file).sponge;
  return { model: s.latencyModel, ...(s.slo?.latencyMs !== undefined ? { sloMs: s.slo.latencyMs } : {}) };
}
