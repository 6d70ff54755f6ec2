import type { FieldError } from '../services/errors.ts';

/** An error the HTTP layer answers with as it is: a status, a code and a plain-words message. */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly fields: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    statusCode: number,
    code: string,
    message: string,
    options: { fields?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.fields = options.fields;
    this.headers = options.headers ?? {};
  }

  toBody() {
    return { error: { code: this.code, message: this.message, ...(this.fields && { fields: this.fields }) } };
  }
}

export const notFound = (message = 'Nothing was found at this address.') => new ApiError(404, 'not_found', message);
