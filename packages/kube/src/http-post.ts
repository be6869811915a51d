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

/**
 * POST a JSON body to an admin endpoint (the dispatcher's quotas, the EDF proxy's config). Resolves
 * on 2xx; otherwise rejects with an Error carrying the status `code`, naming who answered (`what`)
 * and, when the answer says why (a JSON `message`), why.
 * With tokenFile, the call carries `Authorization: Bearer <its token>`, as the proxies' admin port wants.
 */
export async function postJson(url: URL | string, payload: unknown, timeoutMs = 5_000, what = 'endpoint', tokenFile?: string): Promise<void> {
  const target = new URL(url);
  const body = JSON.stringify(payload);
  const send = target.protocol === 'https:' ? httpsRequest : request;
  const headers: Record<string, string | number> = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
  if (tokenFile !== undefined) headers.Authorization = `Bearer ${readAdminToken(tokenFile)}`;
  return new Promise((resolve, reject) => {
    const req = send(target, { method: 'POST', headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        // The first 4 KiB say why; the rest is read and dropped.
        if (size < 4096) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => {
        const code = res.statusCode ?? 0;
        if (code >= 200 && code < 300) resolve();
        else reject(Object.assign(new Error(`${what} ${target.href} answered ${code}${answerMessage(Buffer.concat(chunks).toString('utf8'))}`), { code }));
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${what} ${target.href} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}
