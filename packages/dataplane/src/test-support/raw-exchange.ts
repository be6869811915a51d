import * as net from 'node:net';

/** A raw client connection: writes bytes as given (a string as UTF-8) and collects whatever comes back. */
export async function rawExchange(url: string, bytes: string | Buffer): Promise<{ socket: net.Socket; answer: () => string; closed: Promise<void> }> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(bytes);
  return { socket, answer: () => text, closed };
}
