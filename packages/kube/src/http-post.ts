import { request as httpsRequest } from 'node:https';
import { request } from 'node:http';

/** `{base}/{path}` whether or not the base URL ends with a slash (a path prefix is kept). */
export function adminUrl(baseUrl: string, path: string): URL {
  return new URL(path, baseUrl.endsWith('/') ? baseUrl : baseUrl + '/');
}

/**
 * POST a JSON body to an admin endpoint (the dispatcher's quotas, the EDF proxy's config). Resolves
 * on 2xx; otherwise rejects with an Error carrying the status `code`, naming who answered (`what`).
 */
export function postJson(url: URL | string, payload: unknown, timeoutMs = 5_000, what = 'endpoint'): Promise<void> {
  const target = new URL(url);
  const body = JSON.stringify(payload);
  const send = target.protocol === 'https:' ? httpsRequest : request;
  return new Promise((resolve, reject) => {
    const req = send(target, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }, timeout: timeoutMs }, (res) => {
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
