// The raw-socket clients of the test support: a connection that cannot be made must fail the test that made it,
// as a rejection naming the address, not as an uncaught 'error' event (or an answer "without a status").
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { largeUpload } from './large-upload';
import { rawExchange } from './raw-exchange';
import { stalledRequest } from './stalled-request';

/** A URL on a port that was listening a moment ago: connecting to it is refused. */
async function closedPortUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/predict`;
}

describe('raw-socket test clients', () => {
  // Every socket the clients open, to check none is left open or listened to after a refusal.
  const sockets: net.Socket[] = [];
  const connect = net.Socket.prototype.connect;
  beforeEach(() => {
    sockets.length = 0;
    jest.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (this: net.Socket, ...args: unknown[]) {
      sockets.push(this);
      return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
    });
  });
  afterEach(() => jest.restoreAllMocks());

  const expectNothingLeft = () => {
    expect(sockets).toHaveLength(1);
    expect(sockets[0].destroyed).toBe(true);
    expect(sockets[0].listenerCount('connect')).toBe(0);
    expect(sockets[0].listenerCount('error')).toBe(0);
  };

  it('rawExchange rejects, naming the address, when the connection is refused', async () => {
    const url = await closedPortUrl();
    await expect(rawExchange(url, 'GET / HTTP/1.1\r\n\r\n')).rejects.toThrow(/^rawExchange: cannot connect to 127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    expectNothingLeft();
  });

  it('stalledRequest rejects when the connection is refused', async () => {
    await expect(stalledRequest(await closedPortUrl(), '{"a":1}', 3)).rejects.toThrow(/rawExchange: cannot connect to .*ECONNREFUSED/);
    expectNothingLeft();
  });

  it('largeUpload rejects when the connection is refused, rather than answering "no status"', async () => {
    await expect(largeUpload(await closedPortUrl(), 1024 * 1024)).rejects.toThrow(/^largeUpload: cannot connect to 127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    expectNothingLeft();
  });

  it('rawExchange, once connected, keeps one error listener: a reset ends the exchange (closed) without an uncaught error', async () => {
    const server = net.createServer((s) => s.once('data', () => s.resetAndDestroy())); // a reset once the request is in
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = await rawExchange(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, 'GET / HTTP/1.1\r\n\r\n');
      expect(client.socket.listenerCount('error')).toBe(1);
      expect(client.socket.listenerCount('connect')).toBe(0);
      await client.closed;
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
