/** One problem with one field of a request, as the server names it. */
export interface FieldError {
  field: string;
  message: string;
}

/** Status 0 marks "never reached the server", so callers can tell it from an HTTP error. */
export const NETWORK_FAILURE_STATUS = 0;

export interface BrandgenApiErrorOptions {
  status: number;
  code: string;
  message: string;
  fields?: FieldError[] | undefined;
  retryAfterSeconds?: number | null | undefined;
  cause?: unknown;
}

/**
 * Every failed call, whatever the helper: the server's `{"error": {"code", "message", "fields"}}`, the HTTP status and
 * how long the server asked to wait (`Retry-After`, in seconds) on 429 and 503.
 */
export class BrandgenApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  /** Seconds until a retry makes sense, when the server said so. */
  readonly retryAfterSeconds: number | null;

  constructor(options: BrandgenApiErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BrandgenApiError';
    this.status = options.status;
    this.code = options.code;
    this.fields = options.fields ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }

  /** Reads a failed response's body; a proxy's HTML page or an empty body still gives a usable error. */
  static async fromResponse(response: Response, now: number = Date.now()): Promise<BrandgenApiError> {
    const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'), now);
    let body: unknown = null;
    try {
      body = JSON.parse(await response.text());
    } catch {
      // Not JSON: fall through to a message built from the status.
    }
    const inner = errorObjectOf(body);
    if (inner) return new BrandgenApiError({ status: response.status, ...inner, retryAfterSeconds });
    return new BrandgenApiError({
      status: response.status,
      code: 'unexpected_response',
      message: `The server answered with status ${response.status}.`,
      retryAfterSeconds,
    });
  }

  /** The request never got an answer: the server is down, the address is wrong or the network failed. */
  static unreachable(url: string, cause: unknown): BrandgenApiError {
    return new BrandgenApiError({
      status: NETWORK_FAILURE_STATUS,
      code: 'network_error',
      message: `Could not reach the Brandgen server at ${originOf(url)}. Check that it is running and the address is right.`,
      cause,
    });
  }
}

function errorObjectOf(body: unknown): { code: string; message: string; fields?: FieldError[] } | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const inner = (body as { error: unknown }).error;
  if (typeof inner !== 'object' || inner === null) return undefined;
  const { code, message, fields } = inner as { code?: unknown; message?: unknown; fields?: unknown };
  if (typeof message !== 'string') return undefined;
  return {
    code: typeof code === 'string' ? code : 'unexpected_response',
    message,
    ...(Array.isArray(fields) && { fields: fields.filter(isFieldError) }),
  };
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const { field, message } = value as { field?: unknown; message?: unknown };
  return typeof field === 'string' && typeof message === 'string';
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** Retry-After may be delta-seconds or an HTTP date (RFC 9110); both become whole seconds from now. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** True for a cancellation the caller asked for, which is passed on as it is rather than turned into an API error. */
export function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}
