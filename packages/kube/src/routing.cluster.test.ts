import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postQuotas, routingFromConfigMap } from './routing';
import { startClusterHarness } from './test-support';

describe('routing', () => {
  it('reads one stage per ConfigMap key and skips unreadable keys', () => {
    expect(routingFromConfigMap({ data: { main: '{"weights":{"a":2,"b":1}}', broken: '{', detect: '{"weights":{"y":1}}' } })).toEqual([
      { stage: 'detect', weights: { y: 1 } },
      { stage: 'main', weights: { a: 2, b: 1 } },
    ]);
  });

  describe('admin endpoint', () => {
    let dispatcher: Server;
    const received: { url?: string; body: string; authorization?: string }[] = [];
    let answer = 204;
    beforeAll(async () => {
      dispatcher = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          received.push({ url: req.url, body, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
          res.writeHead(answer).end();
        });
      });
      await new Promise<void>((resolve) => dispatcher.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      dispatcher.closeAllConnections();
      await new Promise((resolve) => dispatcher.close(resolve));
    });
    const url = () => `http://127.0.0.1:${(dispatcher.address() as AddressInfo).port}`;

    it('POSTs {weights} to /admin/quotas and fails on a non-2xx answer', async () => {
      await postQuotas(url(), { a: 3 });
      expect(received.at(-1)).toEqual({ url: '/admin/quotas', body: '{"weights":{"a":3}}' });
      answer = 400;
      await expect(postQuotas(url(), { a: 1 })).rejects.toMatchObject({ code: 400 });
      answer = 204;
    });

    it('sends the token of adminTokenFile as a bearer token, and none without one', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'admin-token-'));
      try {
        const tokenFile = join(dir, 'token');
        writeFileSync(tokenFile, 'dispatcher-token\n');
        await postQuotas(url(), { a: 1 }, { tokenFile });
        expect(received.at(-1)?.authorization).toBe('Bearer dispatcher-token');
        await postQuotas(url(), { a: 1 });
        expect(received.at(-1)?.authorization).toBeUndefined();
        writeFileSync(tokenFile, '  \n');
        await expect(postQuotas(url(), { a: 1 }, { tokenFile })).rejects.toThrow(/admin token file .* is empty/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('a route action publishes to the ConfigMap and to the stage dispatcher, with the admin token', async () => {
      const h = await startClusterHarness({ name: 'routing', nodes: [] });
      const dir = mkdtempSync(join(tmpdir(), 'admin-token-'));
      try {
        const adminTokenFile = join(dir, 'token');
        writeFileSync(adminTokenFile, 'route-token');
        const actuator = await h.actuator({ routing: { configMap: true, adminUrls: { main: url() } }, adminTokenFile });
        await actuator.submit({ reason: 'shift', actions: [{ type: 'route', routing: { stage: 'main', weights: { r18: 2, r50: 1 } } }] });
        await actuator.whenIdle();
        expect(actuator.status()).toEqual({ busy: false });
        expect(received.at(-1)!.body).toBe('{"weights":{"r18":2,"r50":1}}');
        expect(received.at(-1)!.authorization).toBe('Bearer route-token');
        const cm = await h.core.readNamespacedConfigMap({ name: 'infscale-routing', namespace: h.namespace });
        expect(cm.data).toEqual({ main: '{"weights":{"r18":2,"r50":1}}' });
        expect(cm.metadata?.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'infscale', 'infscale.io/scaler': 'infadapter' });
      } finally {
        await h.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
