import { APICallError, JSONParseError, TypeValidationError } from '@ai-sdk/provider';

/** A provider failure in words a studio member can act on, never carrying a key or a stack. */
export class ProviderError extends Error {
  override name = 'ProviderError';
  /** True when the provider did not answer at all or answered 5xx: counts towards marking it down. */
  readonly unreachable: boolean;

  constructor(message: string, unreachable: boolean) {
    super(message);
    this.unreachable = unreachable;
  }
}

const RETRYABLE_STATUS = new Set([408, 409, 425, 429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number | undefined): boolean {
  return status !== undefined && RETRYABLE_STATUS.has(status);
}

/** Seconds from `Retry-After` (either form) or `retry-after-ms`; undefined when absent or unreadable. */
export function retryAfterMs(headers: Record<string, string> | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const milliseconds = Number(headers['retry-after-ms']);
  if (headers['retry-after-ms'] !== undefined && Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const raw = headers['retry-after'];
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (raw.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Removes every configured secret, and anything shaped like a bearer token, from a message. */
export function redact(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) if (secret.length >= 4) clean = clean.split(secret).join('[redacted]');
  return clean.replace(/\b(Bearer|Key|Token)\s+[A-Za-z0-9._:-]{8,}/gu, '$1 [redacted]');
}

function shorten(text: string, limit = 240): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}

/** Turns what the AI SDK throws into a ProviderError with a plain message. */
export function describeProviderFailure(
  error: unknown,
  providerLabel: string,
  secrets: readonly string[],
  timedOut: boolean,
): ProviderError {
  if (error instanceof ProviderError) return error;
  if (timedOut) return new ProviderError(`${providerLabel} did not answer in time.`, true);
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const detail = shorten(redact(error.message, secrets));
    if (status === undefined) return new ProviderError(`${providerLabel} could not be reached (${detail}).`, true);
    // A success status whose body could not be parsed.
    if (status < 300) return new ProviderError(`${providerLabel} sent an answer Brandgen could not read.`, false);
    if (status === 401 || status === 403) {
      return new ProviderError(`${providerLabel} did not accept the API key (HTTP ${status}). An administrator needs to check it.`, false);
    }
    if (status === 402) return new ProviderError(`${providerLabel} refused the request: the account has no credit left (HTTP 402).`, false);
    if (status === 429)
      return new ProviderError(`${providerLabel} is rate-limiting Brandgen right now; please try again in a minute.`, false);
    if (status >= 500) return new ProviderError(`${providerLabel} had a problem on its side (HTTP ${status}): ${detail}`, true);
    return new ProviderError(`${providerLabel} refused the request (HTTP ${status}): ${detail}`, false);
  }
  if (JSONParseError.isInstance(error) || TypeValidationError.isInstance(error)) {
    return new ProviderError(`${providerLabel} sent an answer Brandgen could not read.`, false);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(`${providerLabel} failed: ${shorten(redact(message, secrets))}`, false);
}
