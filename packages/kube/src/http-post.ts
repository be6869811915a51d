import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request } from 'node:http';
import { errorMessage } from '@infscale/core';

/** `{base}/{path}` whether or not the base URL ends with a slash (a path prefix is kept). */
export function adminUrl(baseUrl: string, path: string): URL {
  return new URL(path, baseUrl.endsWith('/') ? baseUrl : baseUrl + '/');
}

/**
 * The proxies' admin token from a file (a Secret mounted as a file), read at each call so a
 * rotated Secret is picked up; surrounding whitespace (a trailing newline) is not part of it.
 */
export function readAdminToken(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the admin token file ${path}: ${errorMessage(err)}`);
  }
  const token = text.trim();
  if (token === '') throw new Error(`the admin token file ${path} is empty`);
  return token;
}

/** The `message` of a JSON error answer (the proxies' 400s say which field and why), or nothing. */
function answerMessage(text: string): string {
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    return typeof message === 'string' ? `: ${message.slice(0, 300)}` : '';
  } catch {
    return '';
  }
}

/** An admin endpoint answers a short JSON; more than this is a peer gone wrong, not an answer. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POST a JSON body to an admin endpoint (the dispatcher's quotas, the EDF proxy's config). Resolves
 * on 2xx; otherwise rejects with an Error carrying the status `code`, naming who answered (`what`)
 * and, when the answer says why (a JSON `message`), why.
 * `timeoutMs` bounds the whole call (connect, send, the complete answer), not only silence: a peer
 * that trickles bytes or drops the connection mid-answer rejects too, so a plan step never waits on it forever.
 * With tokenFile, the call carries `Authorization: Bearer <its token>`, as the proxies' admin port wants.
 */
export async function postJson(url: URL | string, payload: unknown, timeoutMs = 5_000, what = 'endpoint', tokenFile?: string): Promise<void> {
  const target = new URL(url);
  const body = JSON.stringify(payload);
  const send = target.protocol === 'https:' ? httpsRequest : request;
  const headers: Record<string, string | number> = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
  if (tokenFile !== undefined) headers.Authorization = `Bearer ${readAdminToken(tokenFile)}`;
  const failure = (why: string) => new Error(`${what} ${target.href}: ${why}`);
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (!err) return resolve();
      req.destroy();
      reject(err);
    };
    const deadline = setTimeout(() => settle(failure(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
    const req = send(target, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) return settle(failure(`answer larger than ${MAX_ANSWER_BYTES} bytes`));
        // The first 4 KiB say why; the rest is read and dropped.
        if (size - chunk.length < 4096) chunks.push(chunk);
      });
      res.on('end', () => {
        const code = res.statusCode ?? 0;
        if (code >= 200 && code < 300) settle();
        else settle(Object.assign(new Error(`${what} ${target.href} answered ${code}${answerMessage(Buffer.concat(chunks).toString('utf8'))}`), { code }));
      });
      // 'close' without 'end' first: the peer went away mid-answer (killed pod, RST); settle ignores it after 'end'.
      res.on('error', (err) => settle(failure(`the connection closed before the answer ended (${err.message})`)));
      res.on('close', () => settle(failure('the connection closed before the answer ended')));
    });
    req.on('error', (err) => settle(err));
    req.end(body);
  });
}
