import type { MilpBackends } from './backend';
import { createGlpkBackend } from './glpk';
import { createHighsBackend } from './highs';
import { createJslBackend } from './jsl';
import type { Now } from '../result';

/** Loads every MILP backend once (WebAssembly); pass the result to the solve functions. */
export async function loadMilpBackends(now: Now): Promise<MilpBackends> {
  const [glpk, highs] = await Promise.all([createGlpkBackend(), createHighsBackend()]);
  return { glpk, highs, jsl: createJslBackend({ now }) };
}
