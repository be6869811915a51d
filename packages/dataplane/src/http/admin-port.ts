import type * as http from 'node:http';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { errorMessage } from '@infscale/core';
import { discardBody } from './request-body';
import { sendJson } from './responses';

/**
 * What every admin listener shares, the proxies' and the model-server emulator's (packages/emulator):
 * the traffic port's refusal of /admin/*, the 401 without the token, where an admin port may listen
 * without one, and the token file.
 */

/** /admin, /admin/…, /admin?…: what the traffic port never serves. */
export const isAdminPath = (url: string): boolean => url === '/admin' || url.startsWith('/admin/') || url.startsWith('/admin?');

/** The traffic port's answer to /admin/*: 404, saying where the admin endpoints are; the body is thrown away. */
export function answerAdminOnTrafficPort(req: http.IncomingMessage, res: http.ServerResponse): void {
  sendJson(res, 404, { error: 'not-found', message: 'admin endpoints are served on the admin port (--admin-port), not on the traffic port' });
  discardBody(req);
}

/** The admin port's answer to a call without the token (or a wrong one): 401, the body thrown away. */
export function answerUnauthorized(req: http.IncomingMessage, res: http.ServerResponse): void {
  sendJson(
    res,
    401,
    { error: 'unauthorized', message: 'admin calls need the header Authorization: Bearer <the token of --admin-token-file>' },
    { 'www-authenticate': 'Bearer' },
  );
  discardBody(req);
}

/** Only this machine can reach an address in 127.0.0.0/8, ::1, or localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/**
 * Why an admin listener must not start on `adminHost`, or undefined. Whoever reaches the admin port can
 * redirect, stop or slow the traffic: from anywhere but this machine, only with the token.
 */
export function adminHostProblem(adminHost: string, hasToken: boolean): string | undefined {
  if (hasToken || isLoopbackHost(adminHost)) return undefined;
  return `--admin-host ${adminHost} is reachable from other machines: give --admin-token-file <path> (every admin call then needs its bearer token), or keep --admin-host 127.0.0.1`;
}

/**
 * The admin token of --admin-token-file: the file's content less surrounding whitespace (a Secret
 * mounted as a file ends with none; echo adds a newline). Throws, naming the flag, when the file
 * cannot be read or holds nothing.
 */
export function readAdminTokenFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`--admin-token-file ${path}: cannot read it: ${errorMessage(err)}`);
  }
  const token = text.trim();
  if (token === '') throw new Error(`--admin-token-file ${path} is empty: it must hold the admin token`);
  return token;
}
