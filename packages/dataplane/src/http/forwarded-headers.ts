import type { RequestFraming } from './request-framing';
import { REQUEST_ID_HEADER } from './request-id';

/**
 * Headers that describe one hop, not the request (RFC 9110 §7.6.1): never copied across the proxy.
 * Host is rewritten to the upstream's; X-Forwarded-For is rebuilt with the client appended.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'x-forwarded-for']);

function isHopByHop(lowerName: string, namedInConnection: Set<string> | undefined): boolean {
  return HOP_BY_HOP.has(lowerName) || lowerName.startsWith('proxy-') || (namedInConnection?.has(lowerName) ?? false);
}

/**
 * The header names a Connection header lists (besides close / keep-alive): hop-by-hop for this
 * message only. Never Content-Length: it frames the message, and dropping it on a sender's word
 * would let a body through unframed (`Connection: content-length` is a smuggling trick).
 */
function namedInConnection(raw: readonly string[]): Set<string> | undefined {
  let named: Set<string> | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    if ((raw[i] as string).length !== 10 || (raw[i] as string).toLowerCase() !== 'connection') continue;
    for (const token of (raw[i + 1] as string).split(',')) {
      const name = token.trim().toLowerCase();
      if (name !== '' && name !== 'close' && name !== 'keep-alive' && name !== 'content-length') (named ??= new Set()).add(name);
    }
  }
  return named;
}

/** The client's address as X-Forwarded-For shows it: an IPv4-mapped IPv6 address as plain IPv4. */
function clientAddress(address: string | undefined): string {
  if (address === undefined) return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * A request's raw headers ([name, value, …]) as sent upstream: Host first, then every end-to-end
 * header in order (repeats kept), then the body's framing as the proxy read it (Content-Length or
 * Transfer-Encoding: chunked; the client's own are dropped), then X-Request-Id: the request's id
 * (the client's own when it was safe to take, see requestIdFrom; the proxy's otherwise), then
 * X-Forwarded-For: the values it came with, then the client. Without a framing header node:http would
 * send a GET's body bare, and the upstream would read it as the next request on the connection.
 */
export function forwardedRequestHeaders(
  raw: readonly string[],
  host: string,
  remoteAddress: string | undefined,
  framing: RequestFraming,
  requestId: string,
): string[] {
  const named = namedInConnection(raw);
  const out = ['Host', host];
  let forwardedFor = '';
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    const lower = name.toLowerCase();
    if (lower === 'x-forwarded-for') forwardedFor += `${raw[i + 1] as string}, `;
    else if (lower !== 'content-length' && lower !== REQUEST_ID_HEADER && !isHopByHop(lower, named)) out.push(name, raw[i + 1] as string);
  }
  if (framing.kind === 'length') out.push('Content-Length', String(framing.bytes));
  else if (framing.kind === 'chunked') out.push('Transfer-Encoding', 'chunked');
  out.push('X-Request-Id', requestId);
  out.push('X-Forwarded-For', forwardedFor + clientAddress(remoteAddress));
  return out;
}

/** An upstream answer's raw headers as sent to the client: the end-to-end ones, in order. */
export function forwardedResponseHeaders(raw: readonly string[]): string[] {
  const named = namedInConnection(raw);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (!isHopByHop(name.toLowerCase(), named)) out.push(name, raw[i + 1] as string);
  }
  return out;
}
