import type * as net from 'node:net';
import { rawConnect } from './raw-connect';

/**
 * A raw client connection: writes bytes as given (a string as UTF-8) and collects whatever comes back. Rejects when
 * the connection cannot be made; once connected, an error (a reset) only ends the exchange: `closed` resolves.
 */
export async function rawExchange(url: string, bytes: string | Buffer): Promise<{ socket: net.Socket; answer: () => string; closed: Promise<void> }> {
  const socket = await rawConnect(url, 'rawExchange');
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(bytes);
  return { socket, answer: () => text, closed };
}
