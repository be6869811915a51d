import fs from 'node:fs';

/** The fields of an audit.k8s.io/v1 Event that tests read (Metadata level: who, what, when, the answer). */
export interface AuditEvent {
  stage: string;
  verb: string;
  requestURI: string;
  user: { username: string; groups?: string[] };
  objectRef?: { resource?: string; subresource?: string; namespace?: string; name?: string; apiGroup?: string };
  responseStatus?: { code?: number; reason?: string; message?: string };
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  annotations?: Record<string, string>;
}

export interface AuditFilter {
  namespace?: string;
  username?: string;
  resource?: string;
  verbs?: string[];
}

/** Verbs the test control plane's audit policy logs: every write. */
export const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/**
 * The API server's audit log of the test control plane (every write of every client, one JSON event
 * per line), read from a mark onwards: a test marks before it acts and reads what was written
 * since, so other tests' writes in the same log cost little. Who wrote is the authenticated user
 * the authorizer judged, not what a client claims.
 */
export class AuditLog {
  constructor(readonly file: string) {}

  /** The log's current end: read(mark) returns only what came after. */
  mark(): number {
    try {
      return fs.statSync(this.file).size;
    } catch {
      return 0;
    }
  }

  /** Completed requests from `from` (a mark) on, filtered; a partial last line is left for the next read. */
  read(from = 0, filter: AuditFilter = {}): AuditEvent[] {
    let text: string;
    try {
      const size = fs.statSync(this.file).size;
      // A rotated log (smaller than the mark) is read from its start.
      const start = from > size ? 0 : from;
      const fd = fs.openSync(this.file, 'r');
      try {
        const buffer = Buffer.alloc(size - start);
        fs.readSync(fd, buffer, 0, buffer.length, start);
        text = buffer.toString('utf8');
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return [];
    }
    const events: AuditEvent[] = [];
    for (const line of text.split('\n')) {
      if (!line.endsWith('}')) continue;
      let event: AuditEvent;
      try {
        event = JSON.parse(line) as AuditEvent;
      } catch {
        continue;
      }
      if (event.stage !== 'ResponseComplete') continue;
      if (filter.namespace !== undefined && event.objectRef?.namespace !== filter.namespace) continue;
      if (filter.username !== undefined && event.user.username !== filter.username) continue;
      if (filter.resource !== undefined && event.objectRef?.resource !== filter.resource) continue;
      if (filter.verbs && !filter.verbs.includes(event.verb)) continue;
      events.push(event);
    }
    return events;
  }
}

/** "verb resource[/subresource] name code", the short form tests compare. */
export function describeAudit(e: AuditEvent): string {
  const ref = e.objectRef ?? {};
  return `${e.verb} ${ref.resource ?? '?'}${ref.subresource ? `/${ref.subresource}` : ''}${ref.name ? ` ${ref.name}` : ''} ${e.responseStatus?.code ?? '?'}`;
}
