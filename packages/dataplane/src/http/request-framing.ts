import type * as http from 'node:http';
import { discardBody } from './request-body';
import { sendJson } from './responses';

/**
 * Where a request's body ends (RFC 9112 §6), as the proxy forwards it: the framing headers are
 * hop-by-hop in effect, so the proxy writes its own from this, never the client's as they came.
 */
export type RequestFraming =
  | { kind: 'none' }
  | { kind: 'length'; bytes: number }
  | { kind: 'chunked' }
  /** Framing two parsers could read two ways: forwarding it is how requests get smuggled. */
  | { kind: 'faulty'; reason: string };

const NONE: RequestFraming = { kind: 'none' };
const CHUNKED: RequestFraming = { kind: 'chunked' };

/**
 * The framing of a request, from its raw headers. node's parser already refuses Content-Length
 * with Transfer-Encoding, two Content-Lengths and a last coding other than chunked; it lets
 * through, and this refuses, any other coding before chunked (the body would go upstream still
 * encoded but labelled plain), an empty Transfer-Encoding, and Transfer-Encoding in HTTP/1.0
 * (§6.1: faulty framing). The checks node makes are repeated so nothing here rests on them.
 */
export function requestFraming(httpVersion: string, raw: readonly string[]): RequestFraming {
  let lengths: string[] | undefined;
  let codings: string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 14 && name.toLowerCase() === 'content-length') (lengths ??= []).push(raw[i + 1] as string);
    else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') (codings ??= []).push(...(raw[i + 1] as string).split(','));
  }
  if (codings !== undefined) {
    if (lengths !== undefined) return faulty('both Transfer-Encoding and Content-Length');
    if (httpVersion === '1.0') return faulty('Transfer-Encoding in an HTTP/1.0 request');
    const named = codings.map((c) => c.trim().toLowerCase()).filter((c) => c !== '');
    if (named.length !== 1 || named[0] !== 'chunked') return faulty(`Transfer-Encoding "${named.join(', ')}": only "chunked" is accepted`);
    return CHUNKED;
  }
  if (lengths === undefined) return NONE;
  const bytes = lengths.length === 1 && /^\d+$/.test((lengths[0] as string).trim()) ? Number(lengths[0]) : NaN;
  if (!Number.isSafeInteger(bytes)) return faulty(`Content-Length "${lengths.join(', ')}" is not one whole number`);
  return { kind: 'length', bytes };
}

/**
 * Answers 400 and closes the connection: where this request's body ends is unknown, so nothing
 * after it on the connection can be trusted to be a request (RFC 9112 §6.3).
 */
export function refuseFaultyFraming(req: http.IncomingMessage, res: http.ServerResponse, reason: string): void {
  sendJson(res, 400, { error: 'bad-framing', message: `request framing refused: ${reason}` }, { connection: 'close' });
  discardBody(req);
}

function faulty(reason: string): RequestFraming {
  return { kind: 'faulty', reason };
}
