import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminHostProblem, isAdminPath, isLoopbackHost, readAdminTokenFile } from './admin-port';

describe('what admin listeners share', () => {
  it('knows the admin paths the traffic port refuses', () => {
    expect(['/admin', '/admin/config', '/admin?x=1', '/admin/quotas?y'].every(isAdminPath)).toBe(true);
    expect(['/', '/administrator', '/v1/admin/config', '/predict'].some(isAdminPath)).toBe(false);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['10.0.0.5', false],
    ['::', false],
    ['127.example.com', false],
  ])('%s is loopback: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
    // An admin port other machines reach needs the token.
    expect(adminHostProblem(host, false) === undefined).toBe(loopback);
    expect(adminHostProblem(host, true)).toBeUndefined();
  });

  it('reads the token of --admin-token-file less surrounding whitespace, and refuses a missing or empty file naming the flag', () => {
    const dir = mkdtempSync(join(tmpdir(), 'admin-token-'));
    try {
      writeFileSync(join(dir, 'token'), '  s3cret\n');
      writeFileSync(join(dir, 'empty'), '\n\n');
      expect(readAdminTokenFile(join(dir, 'token'))).toBe('s3cret');
      expect(() => readAdminTokenFile(join(dir, 'empty'))).toThrow(/--admin-token-file .*empty is empty: it must hold the admin token/);
      expect(() => readAdminTokenFile(join(dir, 'missing'))).toThrow(/--admin-token-file .*missing: cannot read it: .*ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
