/** Failures a use case reports to its caller; the HTTP layer maps each to a status code and the one error shape. */
export class ServiceError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export interface FieldError {
  field: string;
  message: string;
}

export class ValidationError extends ServiceError {
  readonly fields: FieldError[];

  constructor(fields: FieldError[], message = 'Some fields need attention.') {
    super('validation_failed', message);
    this.fields = fields;
  }
}

export class NotFoundError extends ServiceError {
  constructor(message = 'Nothing was found at this address.') {
    super('not_found', message);
  }
}

export class QueueFullError extends ServiceError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super('queue_full', 'Brandgen is busy with other generations right now. Please try again in a moment.');
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A service we depend on (a language model, a provider) failed; not the user's fault. */
export class UpstreamError extends ServiceError {}
