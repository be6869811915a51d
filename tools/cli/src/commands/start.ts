import type { Command } from 'commander';
import type { Io } from '../program';

/**
 * `npm start`: the project's main job. Runs the InfAdapter comparison on the paper's 21-minute segment
 * once the comparison exists; until then it lists the bundled profiles and traces.
 */
export function registerStart(program: Command, io: Io): void {
  program
    .command('start')
    .description("The main job of `npm start`: the comparison report on the paper's segment (for now: the bundled profiles)")
    .action(async () => {
      await program.parseAsync(['node', 'infscale', 'profiles', 'list']);
      io.out('\nNext: infscale trace show segment | infscale --help');
    });
}
