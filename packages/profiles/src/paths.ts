import { join } from 'node:path';

/** The bundled data folder (copied from the papers' repositories; see the SOURCES.md in each data folder). */
export const bundledDataDir = join(__dirname, '..', 'data');

export function dataFile(dataDir: string, ...parts: string[]): string {
  return join(dataDir, ...parts);
}
