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

/**
 * POST a JSON body to an admin endpoint (the dispatcher's quotas, the EDF proxy's config). Resolves
 * on 2xx; otherwise rejects with an Error carrying the status `code`, naming who answered (`what`).
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
      res.resume();
      res.on('end', () => {
        const code = res.statusCode ?? 0;
        if (code >= 200 && code < 300) resolve();
        else reject(Object.assign(new Error(`${what} ${target.href} answered ${code}`), { code }));
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${what} ${target.href} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}
