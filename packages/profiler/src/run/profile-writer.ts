import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { ConfigError, yamlDocuments } from '@infscale/core';
import { infAdapterProfilesOf, parseProfileText, type ProfileFile } from '@infscale/profiles';
import type { CapacityAnswer } from './profile-cores';

/** What the profile file says about the profiled variant besides its capacity. */
export interface VariantFacts {
  name: string;
  /** The model's accuracy (e.g. top-1 as a fraction): the objective weighs it. */
  accuracy: number;
  /** Seconds from pod start until it serves (the loading-cost term). */
  loadTimeS: number;
}

interface PointEntry {
  cores: number;
  sloMs: number;
  capacityRps: number;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** A capacity answer as a point of the file ('max-rps' answers are lower bounds: the capacity is at least that). */
function entryOf(a: CapacityAnswer): PointEntry {
  return { cores: a.cores, sloMs: a.sloMs, capacityRps: round2(a.capacityRps) };
}

/**
 * The document with the variant's points added (same cores and SLO replaced) and its accuracy and
 * load time set; other variants and keys are kept. A new document is an InfAdapter values fragment
 * whose SLO is the first one profiled.
 */
export function withProfiledVariant(
  doc: Record<string, unknown>,
  facts: VariantFacts,
  answers: readonly CapacityAnswer[],
  firstSloMs: number,
): Record<string, unknown> {
  const section = { ...((doc.infadapter as Record<string, unknown> | undefined) ?? {}) };
  const variants = [...((section.variants as Record<string, unknown>[] | undefined) ?? [])];
  const i = variants.findIndex((v) => v.name === facts.name);
  const old = i >= 0 ? variants[i]! : { name: facts.name };
  const points = new Map<string, PointEntry>();
  for (const p of (old.capacity as PointEntry[] | undefined) ?? []) points.set(`${p.cores}/${p.sloMs}`, p);
  for (const a of answers) points.set(`${a.cores}/${a.sloMs}`, entryOf(a));
  const { capacityRps: _table, capacityFit: _fit, ...rest } = old;
  const entry = {
    ...rest,
    accuracy: facts.accuracy,
    loadTimeS: facts.loadTimeS,
    capacity: [...points.values()].sort((a, b) => a.sloMs - b.sloMs || a.cores - b.cores),
  };
  if (i >= 0) variants[i] = entry;
  else variants.push(entry);
  const slo = { ...((section.slo as Record<string, unknown> | undefined) ?? {}) };
  slo.latencyMs ??= firstSloMs;
  return { scaler: 'infadapter', ...doc, infadapter: { ...section, slo, variants } };
}

/** The file's document (every key kept), or an empty one for a new file; a file of another scaler is refused. */
export function readProfileDocument(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  const text = readFileSync(file, 'utf8');
  const profile: ProfileFile = parseProfileText(text, file);
  if (profile.scaler !== 'infadapter')
    throw new ConfigError(file, [
      { path: 'scaler', value: profile.scaler, message: 'infscale profile writes InfAdapter capacities; this file describes another scaler' },
    ]);
  return yamlDocuments(text, file)[0] as Record<string, unknown>;
}

/**
 * Writes the profile file atomically (a temporary file renamed over it), after checking that it
 * reads back as a --profile-file does: the file is usable as written or not written at all.
 */
export function writeProfileFile(file: string, doc: Record<string, unknown>, header: string): void {
  const text = `${header
    .split('\n')
    .map((l) => `# ${l}`.trimEnd())
    .join('\n')}\n${stringify(doc, { lineWidth: 0 })}`;
  infAdapterProfilesOf(parseProfileText(text, file));
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
