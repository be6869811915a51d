import { rawExchange } from './raw-exchange';

export interface StalledRequest {
  /** The status of the server's answer once its status line arrives; undefined when the connection closes without one. */
  answer: Promise<number | undefined>;
  /** Sends the rest of the body: the request is then complete. */
  finish(): void;
  /** Breaks the connection off, as a client that gives up. */
  abort(): void;
}

/**
 * A POST that declares its whole body but sends only the first sentBytes of it, then waits: a slow
 * or stalled sender, holding the server in the middle of reading its body until finish() or abort().
 * Resolves once connected and the first part is written.
 */
export async function stalledRequest(url: string, body: string, sentBytes: number, headers: Record<string, string> = {}): Promise<StalledRequest> {
  const { hostname, port, pathname } = new URL(url);
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const bytes = Buffer.from(body, 'utf8');
  const head = `POST ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\n${extra}Content-Length: ${bytes.length}\r\n\r\n`;
  const client = await rawExchange(url, Buffer.concat([Buffer.from(head), bytes.subarray(0, sentBytes)]));
  const answer = new Promise<number | undefined>((resolve) => {
    client.socket.on('data', () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(client.answer());
      if (m) resolve(Number(m[1]));
    });
    void client.closed.then(() => resolve(undefined)); // an abort or the server's close: the answer says what happened
  });
  return {
    answer,
    finish: () => void client.socket.write(bytes.subarray(sentBytes)),
    abort: () => void client.socket.destroy(),
  };
}
