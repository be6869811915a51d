import { run } from './program';

export async function main(argv: string[]): Promise<number> {
  return run(argv);
}
