import type { Command } from 'commander';
import type { Io } from '../program';
import { runComparison } from './compare';

/**
 * `npm start`: the project's main job. Runs the InfAdapter comparison on the paper's 21-minute
 * segment (InfAdapter, MS+, VPA per variant, HPA, the oracle bound), prints the table and the path of
 * the HTML report: the same as `infscale compare --scenario infadapter --window segment`.
 */
export function registerStart(program: Command, io: Io): void {
  program
    .command('start')
    .description("The main job of `npm start`: InfAdapter vs MS+, VPA and HPA on the paper's 21-minute segment (table + HTML report)")
    .option('--out <dir>', 'folder for the HTML report', 'out')
    .action(async (flags: { out: string }) => {
      await runComparison({ scenario: 'infadapter', window: 'segment', seed: '1', out: flags.out, report: true }, io);
      io.out('\nMore: infscale compare --scenario infadapter --window day | infscale compare --help');
    });
}
