import type { Command } from 'commander';
import { LOG_LEVELS, isLogLevel } from './json-logger';
import type { Env } from './env-overrides';

/**
 * What commander cannot check for us, reported as commander reports a bad flag (its error, exit 2):
 * --config is required (checked here so that an unknown option is named first), and LOG_LEVEL, when
 * it is what sets the level, must be a level as --log-level must (else a typo would silently mean info).
 */
export function checkFlags(cmd: Command, env: Env): void {
  const opts = cmd.opts<{ config?: string }>();
  if (opts.config === undefined) cmd.error("error: required option '-c, --config <file>' not specified", { code: 'commander.missingMandatoryOptionValue' });
  const level = env.LOG_LEVEL;
  if (cmd.getOptionValueSource('logLevel') === 'default' && level !== undefined && level !== '' && !isLogLevel(level))
    cmd.error(`error: environment variable LOG_LEVEL '${level}' is invalid (it sets --log-level). Allowed choices are ${LOG_LEVELS.join(', ')}.`, {
      code: 'commander.invalidArgument',
    });
}
