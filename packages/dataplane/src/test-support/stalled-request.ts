import * as net from 'node:net';

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
 */
export function stalledRequest(url: string, body: string, sentBytes: number, headers: Record<string, string> = {}): StalledRequest {
  const { hostname, port, pathname } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  socket.on('error', () => undefined); // an abort or the server's close: the answer says what happened
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const bytes = Buffer.from(body, 'utf8');
  socket.write(`POST ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\n${extra}Content-Length: ${bytes.length}\r\n\r\n`);
  socket.write(bytes.subarray(0, sentBytes));
  const answer = new Promise<number | undefined>((resolve) => {
    let text = '';
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (m) resolve(Number(m[1]));
    });
    socket.on('close', () => resolve(undefined));
  });
  return {
    answer,
    finish: () => void socket.write(bytes.subarray(sentBytes)),
    abort: () => void socket.destroy(),
  };
}
