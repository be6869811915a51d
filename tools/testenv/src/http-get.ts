import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';

export interface Tls {
  ca?: string;
  cert?: string;
  key?: string;
  /** For a component's self-signed serving cert (the controller manager's, the scheduler's). */
  insecure?: boolean;
}

/** One GET on 127.0.0.1 (health and version probes); never keeps the connection, so nothing holds Jest open. */
export function getText(url: string, tls: Tls = {}, timeoutMs = 3000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const options: https.RequestOptions = {
      agent: false,
      timeout: timeoutMs,
      ...(tls.ca ? { ca: fs.readFileSync(tls.ca) } : {}),
      ...(tls.cert ? { cert: fs.readFileSync(tls.cert) } : {}),
      ...(tls.key ? { key: fs.readFileSync(tls.key) } : {}),
      rejectUnauthorized: !tls.insecure,
    };
    const request = (url.startsWith('https:') ? https : http).get(url, options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url}: no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}
