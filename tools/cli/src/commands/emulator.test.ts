import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from '@infscale/dataplane/testing';
import { runCaptured } from '../test-support/capture-io';
import { LOOPBACK } from '../test-support/loopback-flags';
import { emulatorFromFlags, type EmulatorFlags } from './emulator';

/** The flags as commander fills them with their defaults, both listeners on free loopback ports. */
const FLAGS: EmulatorFlags = { ...LOOPBACK, variant: 'model', latencyMs: '20', cores: '1', batch: '1', workers: '1' };

describe('infscale emulator: its admin port', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'infscale-emulator-'));
    writeFileSync(join(dir, 'token'), 'the-admin-token\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves /admin/config on --admin-port behind the token of --admin-token-file, never on --port', async () => {
    const running = await emulatorFromFlags({ ...FLAGS, adminTokenFile: join(dir, 'token'), maxQueue: '7' });
    try {
      expect(running.adminUrl).not.toBe(running.url);
      expect((await request(`${running.url}/admin/config`, { body: { cores: 2 } })).status).toBe(404);
      expect((await request(`${running.adminUrl}/admin/config`, { body: { cores: 2 } })).status).toBe(401);
      const ok = await request(`${running.adminUrl}/admin/config`, { body: { cores: 2 }, headers: { authorization: 'Bearer the-admin-token' } });
      expect(ok.json()).toEqual({ cores: 2, batch: 1, workers: 1 });
      expect(running.queue.config.cores).toBe(2);
    } finally {
      await running.close();
    }
  });

  it.each([
    [['--admin-host', '0.0.0.0', '--port', '0'], /--admin-host 0\.0\.0\.0 is reachable from other machines: give --admin-token-file <path>/],
    [['--port', '9999', '--admin-port', '9999'], /--admin-port 9999 must differ from --port/],
    [['--port', '0', '--admin-port', '0', '--admin-token-file', '/nonexistent/token'], /--admin-token-file \/nonexistent\/token: cannot read it/],
    [['--port', '0', '--admin-port', '0', '--max-queue', '0'], /--max-queue must be a whole number ≥ 1/],
    [['--port', '0', '--admin-port', '0', '--max-body-bytes', '-1'], /--max-body-bytes must be a whole number ≥ 1/],
  ])('%j exits 2 naming the flag', async (argv, message) => {
    const r = await runCaptured('emulator', ...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('says in --help where the admin endpoint is and what it is without an --admin-port', async () => {
    const r = await runCaptured('emulator', '--help');
    expect(r.out).toMatch(/--admin-port <n>[\s\S]*\(default: "8081"\)/);
    expect(r.out).toMatch(/--admin-token-file <path>/);
    expect(r.out).toMatch(/--max-queue <n>[\s\S]*\(default: "1000"\)/);
    expect(r.out).toMatch(/always on, 127\.0\.0\.1:8081 unless told otherwise/);
  });
});
