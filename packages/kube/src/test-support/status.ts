/** Failures as the API server reports them: a metav1.Status body with a reason and an HTTP code. */

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export class ApiStatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** "deployments.apps" or "pods": how the server names a resource in messages. */
export interface ResourceName {
  resource: string;
  group: string;
  kind: string;
}

function qualified(r: ResourceName): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

export const Status = {
  notFound: (r: ResourceName, name: string) =>
    new ApiStatusError(404, 'NotFound', `${qualified(r)} "${name}" not found`, { name, group: r.group, kind: r.resource }),
  alreadyExists: (r: ResourceName, name: string) =>
    new ApiStatusError(409, 'AlreadyExists', `${qualified(r)} "${name}" already exists`, { name, group: r.group, kind: r.resource }),
  conflict: (r: ResourceName, name: string) =>
    new ApiStatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(r)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name, group: r.group, kind: r.resource },
    ),
  invalid: (r: ResourceName, name: string, causes: StatusCause[]) =>
    new ApiStatusError(
      422,
      'Invalid',
      `${r.kind}${r.group ? '.' + r.group : ''} "${name}" is invalid: ${causes.map((c) => `${c.field ? c.field + ': ' : ''}${c.message}`).join(', ')}`,
      { name, group: r.group, kind: r.kind, causes },
    ),
  badRequest: (message: string) => new ApiStatusError(400, 'BadRequest', message),
  methodNotAllowed: (message = 'the server does not allow this method on the requested resource') =>
    new ApiStatusError(405, 'MethodNotAllowed', message),
  unsupportedMediaType: (type: string) =>
    new ApiStatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got ${type})`),
  tooManyRequests: (retryAfterSeconds: number) =>
    new ApiStatusError(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds }, {
      'Retry-After': String(retryAfterSeconds),
    }),
  internal: (message = 'Internal error occurred: injected failure') => new ApiStatusError(500, 'InternalError', message),
  unavailable: (message = 'the server is currently unable to handle the request') => new ApiStatusError(503, 'ServiceUnavailable', message),
};

/** Field errors in the apiserver's wording: "Invalid value: -1: must be greater than or equal to 0". */
export const Field = {
  required: (field: string, detail = '') => ({ reason: 'FieldValueRequired', field, message: `Required value${detail ? ': ' + detail : ''}` }),
  invalid: (field: string, value: unknown, detail: string) => ({
    reason: 'FieldValueInvalid',
    field,
    message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
  }),
  forbidden: (field: string, detail: string) => ({ reason: 'FieldValueForbidden', field, message: `Forbidden: ${detail}` }),
  immutable: (field: string, value: unknown) => ({
    reason: 'FieldValueInvalid',
    field,
    message: `Invalid value: ${JSON.stringify(value)}: field is immutable`,
  }),
};
