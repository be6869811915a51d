import { rawConnect } from './raw-connect';

export interface UploadAnswer {
  /** The status of the answer, or undefined when the connection ended without one. */
  status: number | undefined;
  /** The answer as received (status line, headers, body). */
  text: string;
  /** Bytes of the body written before the server answered or closed the connection. */
  writtenBytes: number;
}

/**
 * POSTs a large body over a raw socket, the way curl does: chunk after chunk, reading the answer
 * while still writing, so a server that answers 413 early is heard even if it then closes the
 * connection (node's http client often reports only the EPIPE). `declareLength` sends a
 * Content-Length; without it the body goes chunked. Rejects when the connection cannot be made: no answer
 * because there was no server is the test's failure, not the server's.
 */
export async function largeUpload(
  url: string,
  totalBytes: number,
  options: { declareLength?: boolean; path?: string; headers?: Record<string, string> } = {},
): Promise<UploadAnswer> {
  const { hostname, port, pathname } = new URL(url);
  const declare = options.declareLength ?? true;
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const socket = await rawConnect(url, 'largeUpload');
  return new Promise((resolve) => {
    let text = '';
    let written = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : undefined, text, writtenBytes: written });
    };
    socket.on('data', (d: Buffer) => {
      text += d.toString('utf8');
      // The whole answer is in once its body (Content-Length) has come.
      const head = text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(text);
      if (head >= 0 && length && text.length >= head + 4 + Number(length[1])) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
    const headers = Object.entries(options.headers ?? {})
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    socket.write(
      `POST ${options.path ?? pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n${headers}${declare ? `Content-Length: ${totalBytes}` : 'Transfer-Encoding: chunked'}\r\n\r\n`,
    );
    const writeMore = () => {
      while (!done && written < totalBytes) {
        const n = Math.min(chunk.length, totalBytes - written);
        const piece = n === chunk.length ? chunk : chunk.subarray(0, n);
        written += n;
        const ok = socket.write(declare ? piece : Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), piece, Buffer.from('\r\n')]));
        if (!ok) return void socket.once('drain', writeMore);
      }
      if (!done && !declare) socket.write('0\r\n\r\n');
    };
    writeMore();
  });
}
