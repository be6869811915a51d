import type * as http from 'node:http';
import { errorMessage } from '@infscale/core';
import type { BatchResult } from './batch-protocol';
import { sendJson } from './responses';

/** An HTTP request held by a queueing proxy until its batch is answered. */
export interface WaitingRequest {
  /** The input serialised for its batch (encodeInstance), at admission. */
  instance: string;
  res: http.ServerResponse;
  startNs: bigint;
  /** Set when the client went away: skip it rather than spend the model's time on it. */
  cancelled: boolean;
}

/** Holds a request; onCancel runs if the client goes away before it is answered. */
export function holdRequest(instance: string, res: http.ServerResponse, onCancel: () => void = () => undefined): WaitingRequest {
  const waiting: WaitingRequest = { instance, res, startNs: process.hrtime.bigint(), cancelled: false };
  res.on('close', () => {
    if (res.writableFinished) return;
    waiting.cancelled = true;
    onCancel();
  });
  return waiting;
}

/** Still owed an answer: neither gone away nor answered already (by a deadline, a timeout or the drain). */
export function awaitingAnswer(waiting: WaitingRequest): boolean {
  return !waiting.cancelled && !waiting.res.writableEnded;
}

/**
 * Answers every request of a batch still owed one: each with its own prediction, or all with the
 * failure's status (504 when the server did not answer in time, else 502) and the reason. A prediction
 * that cannot be serialised (nested too deeply) fails its own request alone, with 502.
 */
export function answerBatch(batch: readonly WaitingRequest[], result: BatchResult, headers: (i: number) => http.OutgoingHttpHeaders = () => ({})): void {
  batch.forEach((waiting, i) => {
    if (!awaitingAnswer(waiting)) return;
    if (!result.ok) {
      if (result.status === 504) sendJson(waiting.res, 504, { error: 'upstream-timeout', message: result.error });
      else sendJson(waiting.res, 502, { error: 'model-server-error', message: result.error });
      return;
    }
    try {
      sendJson(waiting.res, 200, result.predictions[i], headers(i));
    } catch (err) {
      sendJson(waiting.res, 502, { error: 'model-server-error', message: `the model server's prediction cannot be sent back: ${errorMessage(err)}` });
    }
  });
}
