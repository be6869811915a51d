import type * as http from 'node:http';
import { errorMessage } from '@infscale/core';
import { type BatchResult, CLIENT_MESSAGES } from './batch-protocol';
import type { ErrorAnswer } from './http-service';
import { sendJson } from './responses';

/** An HTTP request held by a queueing proxy until its batch is answered. */
export interface WaitingRequest {
  /** The input serialised for its batch (encodeInstance), at admission. */
  instance: string;
  res: http.ServerResponse;
  startNs: bigint;
  /** Set when the client went away: skip it rather than spend the model's time on it. */
  cancelled: boolean;
  /** When it must have left the pipeline, by this process's clock (the router's budget header); absent: never shed. */
  deadlineMs?: number;
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

/** Answers a request whose batch failed with `answer`, and logs `detail` with its request id (HttpService.failRequest). */
export type FailWaiting = (res: http.ServerResponse, status: 502 | 504, answer: ErrorAnswer, detail: string) => void;

/**
 * Answers every request of a batch still owed one: each with its own prediction, or all, through fail,
 * with the failure's status (504 when the server did not answer in time, else 502) and its client
 * message, the detail going to the log. A prediction that cannot be serialised (nested too deeply)
 * fails its own request alone, with 502.
 */
export function answerBatch(
  batch: readonly WaitingRequest[],
  result: BatchResult,
  fail: FailWaiting,
  headers: (i: number) => http.OutgoingHttpHeaders = () => ({}),
): void {
  batch.forEach((waiting, i) => {
    if (!awaitingAnswer(waiting)) return;
    if (!result.ok) {
      const status = result.status ?? 502;
      const error = status === 504 ? 'upstream-timeout' : 'model-server-error';
      return fail(waiting.res, status, { error, message: result.clientMessage ?? CLIENT_MESSAGES.failed }, result.error ?? 'the batch failed');
    }
    try {
      sendJson(waiting.res, 200, result.predictions[i], headers(i));
    } catch (err) {
      const detail = `prediction ${i} of ${batch.length} of the model server's answer cannot be serialised: ${errorMessage(err)}`;
      fail(waiting.res, 502, { error: 'model-server-error', message: "the model server's answer could not be sent back" }, detail);
    }
  });
}
