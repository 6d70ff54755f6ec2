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

export class TooManyStreamsError extends ServiceError {
  readonly retryAfterSeconds: number;

  constructor(maxPerUser: number, retryAfterSeconds: number) {
    super(
      'too_many_streams',
      `You already follow ${maxPerUser} jobs live, the most one person may. Close a tab or window that follows a job, or wait for one to finish.`,
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class BudgetExceededError extends ServiceError {
  constructor(budgetUsd: number, spentUsd: number) {
    super(
      'budget_exhausted',
      `This month's image budget of $${budgetUsd.toFixed(2)} has been reached ($${spentUsd.toFixed(2)} estimated so far). ` +
        'New generations start again next month, or an administrator can raise BRANDGEN_MONTHLY_BUDGET_USD.',
    );
  }
}

/** No valid credentials: the caller must sign in or send a valid bearer token. */
export class UnauthenticatedError extends ServiceError {
  constructor(message = 'Sign in, or send a valid API token as "Authorization: Bearer <token>".', code = 'unauthenticated') {
    super(code, message);
  }
}

/** Valid credentials, but this person may not do this. */
export class ForbiddenError extends ServiceError {
  constructor(message: string, code = 'access_denied') {
    super(code, message);
  }
}

/** A service we depend on (a language model, a provider) failed; not the user's fault. */
export class UpstreamError extends ServiceError {}

/** A service we depend on is rate-limiting or overloaded; Retry-After says when to ask again. */
export class UpstreamBusyError extends UpstreamError {
  readonly retryAfterSeconds: number;

  constructor(code: string, message: string, retryAfterSeconds: number) {
    super(code, message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The request carries a kind of content this use case does not take (checked by content, not by name). */
export class UnsupportedMediaError extends ServiceError {}

/** The request carries more bytes than this use case takes. */
export class PayloadTooLargeError extends ServiceError {}

/** The request is valid but clashes with what is stored (a name taken, a brand still in use). */
export class ConflictError extends ServiceError {
  constructor(message: string, code = 'conflict') {
    super(code, message);
  }
}
