import { randomBytes } from 'node:crypto';

/** Marks what tests create, so a look at the cluster tells test objects apart. */
export const TEST_LABEL = 'testenv.infscale.io/test';

/** A unique, valid name: `<prefix>-<8 hex>` (lower case, at most 63 characters). */
export function uniqueName(prefix: string): string {
  const base =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'test';
  return `${base}-${randomBytes(4).toString('hex')}`;
}
