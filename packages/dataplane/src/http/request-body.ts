import type * as http from 'node:http';
import { errorMessage } from '@infscale/core';
import { sendJson } from './responses';

/** A body longer than the limit: answered 413, and nothing past the limit is kept. */
export class BodyTooLargeError extends Error {
  constructor(
    readonly limitBytes: number,
    /** The flag that sets the limit, for the message. */
    readonly flag: string,
  ) {
    super(`request body is over the limit of ${limitBytes} bytes (${flag})`);
  }
}

/** The client went away before its body was complete: nobody is left to answer. */
export class BodyAbortedError extends Error {
  constructor() {
    super('the client closed the connection before the request body was complete');
  }
}

/**
 * How long the rest of a refused body is read and thrown away before the connection is destroyed.
 * Closing a socket with unread data makes the kernel send a reset, which can discard the 413 before
 * the client reads it; a second of draining lets a client on a sane link read its answer.
 */
export const LINGER_MS = 1000;

/** The Content-Length a request declares, if any (undefined when absent or not a number). */
export function declaredLength(req: http.IncomingMessage): number | undefined {
  const raw = req.headers['content-length'];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Reads a body of at most limitBytes, chunk by chunk. A declared Content-Length over the limit is
 * refused before anything is read; past the limit the chunks read so far are dropped and the
 * promise rejects with BodyTooLargeError (answer it with answerTooLarge).
 */
export function readBody(req: http.IncomingMessage, limitBytes: number, flag = '--max-body-bytes'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = declaredLength(req);
    if (declared !== undefined && declared > limitBytes) return reject(new BodyTooLargeError(limitBytes, flag));
    let chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total <= limitBytes) return void chunks.push(chunk);
      settled = true;
      chunks = [];
      req.off('data', onData);
      reject(new BodyTooLargeError(limitBytes, flag));
    };
    req.on('data', onData);
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total));
    });
    // A request errs only when its client breaks the connection off ('aborted', ECONNRESET).
    req.on('error', () => {
      if (!settled) reject(new BodyAbortedError());
      settled = true;
    });
    req.on('close', () => {
      if (!settled) reject(new BodyAbortedError());
      settled = true;
    });
  });
}

/**
 * Answers 413 and throws the rest of the body away: read and dropped for at most LINGER_MS, then
 * the connection is destroyed. Nothing past the limit is ever kept in memory.
 */
export function answerTooLarge(req: http.IncomingMessage, res: http.ServerResponse, limitBytes: number, flag = '--max-body-bytes'): void {
  sendJson(res, 413, { error: 'body-too-large', limitBytes, message: `request body is over the limit of ${limitBytes} bytes (${flag})` });
  discardBody(req);
}

/**
 * Turns a request away with 503 because its queue already holds maxQueue requests (--max-queue); the
 * body is thrown away unread; Retry-After: 1.
 */
export function answerQueueFull(req: http.IncomingMessage, res: http.ServerResponse, maxQueue: number): void {
  sendJson(res, 503, { error: 'queue-full', maxQueue, message: `${maxQueue} requests are already waiting (--max-queue); retry later` }, { 'retry-after': '1' });
  discardBody(req);
}

/** Reads and drops what is left of a request body; destroys the connection if it has not ended within LINGER_MS. */
export function discardBody(req: http.IncomingMessage): void {
  if (req.complete || req.destroyed) return;
  req.removeAllListeners('data');
  const timer = setTimeout(() => req.destroy(), LINGER_MS);
  const done = () => clearTimeout(timer);
  req.once('end', done);
  req.once('close', done);
  req.resume();
}

/** Parses a JSON body of at most limitBytes, or answers 400/413 naming the problem and returns undefined. */
export async function readJson(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  limitBytes: number,
  flag = '--max-body-bytes',
): Promise<{ value: unknown } | undefined> {
  let body: Buffer;
  try {
    body = await readBody(req, limitBytes, flag);
  } catch (err) {
    if (err instanceof BodyTooLargeError) answerTooLarge(req, res, limitBytes, flag);
    else if (!(err instanceof BodyAbortedError)) sendJson(res, 400, { error: 'bad-body', message: errorMessage(err) });
    return undefined;
  }
  try {
    return { value: JSON.parse(body.toString('utf8')) as unknown };
  } catch (err) {
    sendJson(res, 400, { error: 'bad-json', message: `request body is not JSON: ${errorMessage(err)}` });
    return undefined;
  }
}
