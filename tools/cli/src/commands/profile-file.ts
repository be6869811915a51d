import type { Command } from 'commander';
import type { UserProfile } from '@infscale/experiments';
import { infAdapterProfilesOf, loadProfileFile, spongeModelOf } from '@infscale/profiles';
import { UsageError } from '../program';

/**
 * --profile-file: a YAML or JSON file with the chart's section of one scaler (`infscale profile`
 * writes InfAdapter's), read through the same loaders and checks as the bundled profiles; a bad one
 * is a ConfigError naming the file and the field (exit 2).
 */
export function readUserProfile(path: string | undefined): UserProfile | undefined {
  if (path === undefined) return undefined;
  const file = loadProfileFile(path);
  if (file.scaler === 'infadapter') return { file: path, scaler: 'infadapter', infadapter: infAdapterProfilesOf(file) };
  if (file.scaler === 'sponge') return { file: path, scaler: 'sponge', sponge: spongeModelOf(file) };
  return { file: path, scaler: file.scaler };
}

/** The profile's part for `scaler`, or a UsageError saying which scaler the file describes. */
export function profileOf<K extends 'infadapter' | 'sponge'>(profile: UserProfile | undefined, scaler: K, where: string): UserProfile[K] | undefined {
  if (!profile) return undefined;
  const part = profile[scaler];
  if (!part)
    throw new UsageError(
      `--profile-file ${profile.file} describes ${profile.scaler}; ${where} needs a ${scaler} profile${profile.scaler === 'ipa' ? " (user-described IPA pipelines are not read by the CLI yet: describe them in the ipa scaler's config)" : ''}`,
    );
  return part;
}

export const PROFILE_FILE_HELP =
  "your own model instead of the papers': a YAML/JSON file with the chart's infadapter or sponge section (variants with accuracy, loadTimeS and capacity points, capacityRps or capacityFit; Sponge's latencyModel), as `infscale profile` writes it";

export function addProfileFileOption(command: Command, help = PROFILE_FILE_HELP): Command {
  return command.option('--profile-file <path>', help);
}
