import type { Command } from 'commander';
import type { CliContext, Io } from '../program';
import { registerProfiles } from './profiles';
import { registerTrace } from './trace';
import { registerStart } from './start';
import { registerCompare } from './compare';
import { registerForecast } from './forecast';
import { registerSimulate } from './simulate';
import { registerSolve } from './solve';
import { registerLoadgen } from './loadgen';
import { registerProxy } from './proxy';
import { registerProfile } from './profile';
import { registerEmulator } from './emulator';

/** A CLI command: adds itself (and its subcommands) to the program. One file per command. */
export type RegisterCommand = (program: Command, io: Io, context: CliContext) => void;

// Each command file adds one line here.
export const commands: RegisterCommand[] = [
  registerProfiles,
  registerTrace,
  registerStart,
  registerCompare,
  registerForecast,
  registerSimulate,
  registerSolve,
  registerLoadgen,
  registerProxy,
  registerProfile,
  registerEmulator,
];
