import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a scripted upstream answers: a 200 body, another status and body, or nothing (undefined: it never answers). */
export type ScriptedAnswer = string | { status: number; body: string } | undefined;

export interface ScriptedUpstream {
  /** Its predict URL, e.g. http://127.0.0.1:39123/v1/models/m:predict. */
  url: string;
  /** The request bodies received, in arrival order. */
  received: string[];
  /** Their headers, in the same order. */
  headers: http.IncomingHttpHeaders[];
  close: () => Promise<void>;
}

/**
 * A bare node:http model server (or stage) that answers each request, once its body is in, with what
 * script(body) gives, as given: for answers UpstreamServer never sends (an error page, a body that is not
 * JSON, one too long for a batch, none at all). Nothing of HttpService is in the way: no body limit, no
 * request id added to an error answer.
 */
export async function scriptedUpstream(script: (body: string) => ScriptedAnswer): Promise<ScriptedUpstream> {
  const received: string[] = [];
  const headers: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push(body);
      headers.push(req.headers);
      const given = script(body);
      if (given === undefined) return;
      const { status, body: answer } = typeof given === 'string' ? { status: 200, body: given } : given;
      res.writeHead(status, { 'content-type': 'application/json' }).end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/models/m:predict`,
    received,
    headers,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
