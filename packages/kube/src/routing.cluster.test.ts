import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
    const received: { url?: string; body: string }[] = [];
    let answer = 204;
    beforeAll(async () => {
      dispatcher = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          received.push({ url: req.url, body });
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

    it('a route action publishes to the ConfigMap and to the stage dispatcher', async () => {
      const h = await startClusterHarness({ name: 'routing', nodes: [] });
      try {
        const actuator = await h.actuator({ routing: { configMap: true, adminUrls: { main: url() } } });
        await actuator.submit({ reason: 'shift', actions: [{ type: 'route', routing: { stage: 'main', weights: { r18: 2, r50: 1 } } }] });
        await actuator.whenIdle();
        expect(actuator.status()).toEqual({ busy: false });
        expect(received.at(-1)!.body).toBe('{"weights":{"r18":2,"r50":1}}');
        const cm = await h.core.readNamespacedConfigMap({ name: 'infscale-routing', namespace: h.namespace });
        expect(cm.data).toEqual({ main: '{"weights":{"r18":2,"r50":1}}' });
        expect(cm.metadata?.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'infscale', 'infscale.io/scaler': 'infadapter' });
      } finally {
        await h.close();
      }
    });
  });
});
