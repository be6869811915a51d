import { createServer, type Server } from 'node:net';
import { runCaptured } from '../test-support/capture-io';

let busy: Server;
let port: number;
beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  port = (busy.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

describe('emulator on an address it cannot listen on', () => {
  it('a busy --port is a usage error naming the address and the flags', async () => {
    const r = await runCaptured('emulator', '--port', String(port));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port} \\(--host/--port\\): .*EADDRINUSE`));
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('a busy --admin-port too, naming the admin flags', async () => {
    const r = await runCaptured('emulator', '--port', '0', '--admin-port', String(port));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port} \\(--admin-host/--admin-port\\): .*EADDRINUSE`));
  });

  it('a --host that does not resolve too', async () => {
    const r = await runCaptured('emulator', '--host', '999.1.1.1', '--port', '0');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot listen on 999\.1\.1\.1:0 \(--host\/--port\): .*ENOTFOUND/);
  });
});
