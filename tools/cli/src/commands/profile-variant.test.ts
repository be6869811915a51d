import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from '../test-support/capture-io';

describe('infscale profile --variant', () => {
  const dir = mkdtempSync(join(tmpdir(), 'profile-variant-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // The profile file is a chart values file: a name Kubernetes refuses must not get into it.
  it.each(['bad name!', 'ResNet50', '-resnet', 'resnet-', 'r'.repeat(64)])('refuses %j before sending anything, saying what is valid', async (variant) => {
    const out = join(dir, 'p.yaml');
    // Port 9 (discard): nothing listens, so a check that came after the first probe would fail differently.
    const r = await runCaptured('profile', '--url', 'http://127.0.0.1:9/predict', '--variant', variant, '--accuracy', '0.7', '--cores', '2', '-o', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--variant "${variant}": must be a Kubernetes DNS-1123 label`);
    expect(r.err).toMatch(/lower-case letters, digits and "-".*at most 63 characters/);
    expect(existsSync(out)).toBe(false);
  });
});
