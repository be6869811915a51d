/** The listeners every proxy (and the emulator) opens: their limits' checks, their timeouts, listen and stop. */
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A limit that must be a whole number ≥ 1 (bodies, queues, timeouts): refused by name otherwise. */
export function positiveInteger(name: string, n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1, got ${n}`);
  return n;
}

/**
 * A listener's timeouts: a client that has not sent its whole request (headers and body) within
 * requestTimeoutMs gets 408 and is disconnected. Node checks every connectionsCheckingInterval
 * (default 30 s): checked often enough that the timeout holds.
 */
export function listenerTimeouts(requestTimeoutMs: number): http.ServerOptions {
  return { requestTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.min(1000, requestTimeoutMs) };
}

/** Starts a listener (port 0: any free port); resolves to its base URL, an IPv6 address in brackets. */
export function listenOn(server: http.Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
    });
  });
}

/** Stops accepting connections (the open ones are the caller's to end); resolves at once if not listening. */
export function stopListening(server: http.Server): Promise<void> {
  return new Promise((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
}
