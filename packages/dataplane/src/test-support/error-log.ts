import { type FailedRequest, type ProxyErrorLine, proxyErrorLine } from '../http/http-service';

export interface ErrorLog {
  /** Pass as the service's onError option: keeps each report, as its default log line has it, instead of writing it to stderr. */
  onError: (err: unknown, context: string, request?: FailedRequest) => void;
  lines: ProxyErrorLine[];
  /** The lines of one request, by its id. */
  of: (requestId: string) => ProxyErrorLine[];
}

/** A service's error log, for a test to read what an operator would: the detail the client was not told. */
export function errorLog(): ErrorLog {
  const lines: ProxyErrorLine[] = [];
  return {
    onError: (err, context, request) => void lines.push(proxyErrorLine(err, context, request)),
    lines,
    of: (requestId) => lines.filter((line) => line.requestId === requestId),
  };
}
