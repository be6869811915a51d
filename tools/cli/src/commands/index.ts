import type { Command } from 'commander';
import type { Io } from '../program';

/** A CLI command: adds itself (and its subcommands) to the program. One file per command. */
export type RegisterCommand = (program: Command, io: Io) => void;

// Each command file adds one line here.
export const commands: RegisterCommand[] = [];
