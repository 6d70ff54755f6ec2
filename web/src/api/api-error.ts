import { BrandgenApiError, NETWORK_FAILURE_STATUS } from '@brandgen/client';

/** Plain words for the client's errors: what went wrong and what to do. */

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
  if (error instanceof BrandgenApiError) {
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
  if (!(error instanceof BrandgenApiError)) return [];
  return error.fields.filter((entry) => entry.field === field).map((entry) => endWithPeriod(entry.message));
}
