/**
 * postJson against peers that misbehave on the wire. A local raw TCP server is the right tool here:
 * no real proxy can be told to trickle bytes, drop the connection mid-answer or answer too much.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { postJson } from './http-post';

/** A server that reads the request, then does whatever `answer` does with the socket. */
async function peer(answer: (socket: Socket) => void): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => answer(socket));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/admin/quotas`,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const HEAD = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n';

/** How the call settled, and after how long. */
async function outcome(call: Promise<void>): Promise<{ ms: number; error?: string }> {
  const start = Date.now();
  try {
    await call;
    return { ms: Date.now() - start };
  } catch (err) {
    return { ms: Date.now() - start, error: (err as Error).message };
  }
}

describe('postJson on a misbehaving peer', () => {
  const timers: NodeJS.Timeout[] = [];
  afterEach(() => timers.splice(0).forEach(clearInterval));

  it('rejects at the total deadline when the answer trickles in forever (an idle timeout never fires)', async () => {
    const server = await peer((socket) => {
      socket.write(`${HEAD}Transfer-Encoding: chunked\r\n\r\n`);
      timers.push(setInterval(() => socket.write('1\r\n \r\n'), 50));
    });
    try {
      const result = await outcome(postJson(server.url, { weights: { a: 1 } }, 400, 'dispatcher'));
      expect(result.error).toBe(`dispatcher ${server.url}: no complete answer within 400 ms`);
      expect(result.ms).toBeLessThan(1_500);
    } finally {
      await server.close();
    }
  });

  it('rejects when the peer drops the connection in the middle of the answer', async () => {
    const server = await peer((socket) => {
      socket.write(`${HEAD}Content-Length: 100\r\n\r\n{"ok"`);
      setTimeout(() => socket.destroy(), 50);
    });
    try {
      const result = await outcome(postJson(server.url, { weights: { a: 1 } }, 5_000, 'dispatcher'));
      expect(result.error).toMatch(new RegExp(`^dispatcher ${server.url}: the connection closed before the answer ended`));
      expect(result.ms).toBeLessThan(2_000);
    } finally {
      await server.close();
    }
  });

  it('rejects an answer over 64 KiB without reading it all', async () => {
    const server = await peer((socket) => {
      socket.write(`${HEAD}Content-Length: 10000000\r\n\r\n`);
      socket.write(Buffer.alloc(10_000_000, 0x20));
    });
    try {
      const result = await outcome(postJson(server.url, { weights: { a: 1 } }, 5_000, 'dispatcher'));
      expect(result.error).toBe(`dispatcher ${server.url}: answer larger than 65536 bytes`);
    } finally {
      await server.close();
    }
  });

  it('still resolves on a complete 2xx and rejects a 4xx with its message', async () => {
    const ok = await peer((socket) => socket.end(`${HEAD}Content-Length: 2\r\nConnection: close\r\n\r\n{}`));
    const bad = await peer((socket) => {
      const body = JSON.stringify({ message: 'weights.a: not a number' });
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    });
    try {
      await expect(postJson(ok.url, {}, 1_000, 'dispatcher')).resolves.toBeUndefined();
      await expect(postJson(bad.url, {}, 1_000, 'dispatcher')).rejects.toMatchObject({
        code: 400,
        message: `dispatcher ${bad.url} answered 400: weights.a: not a number`,
      });
    } finally {
      await Promise.all([ok.close(), bad.close()]);
    }
  });
});
