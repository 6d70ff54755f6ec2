import type { FieldError } from './types.ts';

/** A failed request, carrying what the UI needs to explain it in plain words. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  /** Seconds until a retry makes sense (429/503), when the server said so. */
  readonly retryAfterSeconds: number | null;

  constructor(options: {
    status: number;
    code: string;
    message: string;
    fields?: FieldError[];
    retryAfterSeconds?: number | null;
  }) {
    super(options.message);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.fields = options.fields ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }
}

/** Status 0 marks "never reached the server", so callers can tell it from an HTTP error. */
export const NETWORK_FAILURE_STATUS = 0;

/** Retry-After may be delta-seconds or an HTTP date (RFC 9110); both become whole seconds from now. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function formatWait(seconds: number): string {
  if (seconds <= 1) return 'a second';
  if (seconds < 90) return `${seconds} seconds`;
  return `about ${Math.round(seconds / 60)} minutes`;
}

/**
 * The server's busy/rate-limit message plus when to retry. Its message may already name a time ("wait 1
 * minute"); then Retry-After adds nothing but repetition, so it is only appended to messages without one.
 */
function withRetryAdvice(message: string, retryAfterSeconds: number | null): string {
  const sentence = endWithPeriod(message);
  if (retryAfterSeconds !== null && !/\d/.test(sentence)) {
    return `${sentence} You can try again in ${formatWait(retryAfterSeconds)}.`;
  }
  if (retryAfterSeconds === null && !/try again|wait/i.test(sentence)) return `${sentence} Please try again in a moment.`;
  return sentence;
}

function endWithPeriod(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** One sentence or two a person can act on, whatever went wrong. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === NETWORK_FAILURE_STATUS) {
      return 'Could not reach the Brandgen server. Check that it is running, then try again.';
    }
    if (error.status === 429) return withRetryAdvice(error.message || 'Too many requests', error.retryAfterSeconds);
    if (error.status === 503) return withRetryAdvice(error.message || 'The server is busy', error.retryAfterSeconds);
    if (error.fields.length > 0) {
      return error.fields.map((field) => endWithPeriod(field.message)).join(' ');
    }
    return endWithPeriod(error.message || 'Something went wrong');
  }
  return 'Something went wrong. Please try again.';
}

/** The messages meant for one form field, e.g. the prompt. */
export function fieldMessages(error: unknown, field: string): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.fields.filter((entry) => entry.field === field).map((entry) => endWithPeriod(entry.message));
}
