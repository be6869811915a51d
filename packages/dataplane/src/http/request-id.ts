import { randomUUID } from 'node:crypto';
import * as http from 'node:http';

/** The header a traffic request's id comes in, goes upstream in (dispatcher, router) and is answered with on errors. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** A client's id is taken only when it is short and plain: it lands in log lines and in answers as sent. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The id a traffic request goes by: the client's X-Request-Id when it sent exactly one of 1 to 64
 * characters of [A-Za-z0-9._-], else a new random UUID. Reads the raw header array ([name, value, …]),
 * so node never builds the lower-cased header object for it.
 */
export function requestIdFrom(rawHeaders: readonly string[]): string {
  let sent: string | undefined;
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    if (name.length === REQUEST_ID_HEADER.length && name.toLowerCase() === REQUEST_ID_HEADER) {
      sent = rawHeaders[i + 1];
      count++;
    }
  }
  return count === 1 && sent !== undefined && SAFE_REQUEST_ID.test(sent) ? sent : randomUUID();
}

/**
 * A response on a traffic port: it knows its request's id, worked out from the request the first time
 * it is asked for (answers that never need it cost nothing). Answers on the admin port are plain
 * ServerResponses and have none.
 */
export class TrafficResponse<Request extends http.IncomingMessage = http.IncomingMessage> extends http.ServerResponse<Request> {
  private id: string | undefined;

  get requestId(): string {
    return (this.id ??= requestIdFrom(this.req.rawHeaders));
  }
}

/** The request id of a traffic response; undefined for an admin-port one. */
export function requestIdOf(res: http.ServerResponse): string | undefined {
  return res instanceof TrafficResponse ? res.requestId : undefined;
}
