import * as net from 'node:net';

/**
 * Connects a raw-socket client (named `client` in its error) to the URL's host and port. Rejects when the connection
 * cannot be made (refused, unreachable), naming the address, with the socket destroyed and none of its listeners
 * left: a test that cannot reach its server fails with that, not with an uncaught 'error' event or a hang. Once
 * connected, the socket's errors (a reset) are ignored: they end in 'close', which the client watches.
 */
export function rawConnect(url: string, client: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  return new Promise((resolve, reject) => {
    const failed = (err: Error) => {
      socket.off('connect', connected);
      socket.destroy();
      reject(new Error(`${client}: cannot connect to ${hostname}:${port}: ${err.message}`, { cause: err }));
    };
    const connected = () => {
      // Put in before `failed` goes, in the same tick: the socket is never without an error listener.
      socket.on('error', () => undefined);
      socket.off('error', failed);
      resolve(socket);
    };
    socket.once('error', failed);
    socket.once('connect', connected);
  });
}
