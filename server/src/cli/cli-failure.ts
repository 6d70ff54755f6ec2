import { BrandgenApiError, NETWORK_FAILURE_STATUS } from '@brandgen/client';
import { ExitCode, type ExitCodeValue } from './exit-codes.ts';

/** A failure the command explains in plain words and ends with its exit code; no stack trace reaches the user. */
export class CliFailure extends Error {
  readonly exitCode: ExitCodeValue;
  /** Extra lines, such as one per field the server named. */
  readonly details: string[];

  constructor(options: { message: string; exitCode: ExitCodeValue; details?: string[] }) {
    super(options.message);
    this.name = 'CliFailure';
    this.exitCode = options.exitCode;
    this.details = options.details ?? [];
  }
}

export function usageFailure(message: string): CliFailure {
  return new CliFailure({ message, exitCode: ExitCode.usage });
}

export interface FailureContext {
  server: string;
  /** Whether a token was sent, so a 401 can say "sign in" or "sign in again". */
  hadToken: boolean;
}

/** Turns what the client threw into the words and exit code a person or a script needs. */
export function cliFailureOf(error: unknown, context: FailureContext): CliFailure {
  if (error instanceof CliFailure) return error;
  if (!(error instanceof BrandgenApiError)) {
    return new CliFailure({
      message: `Something went wrong: ${error instanceof Error ? error.message : String(error)}`,
      exitCode: ExitCode.jobFailed,
    });
  }
  if (error.status === NETWORK_FAILURE_STATUS) {
    return new CliFailure({
      message: `Cannot reach the Brandgen server at ${context.server}. Check that it is running, or name another with --server or BRANDGEN_SERVER.`,
      exitCode: ExitCode.unreachable,
    });
  }
  if (error.status === 401) {
    const message = context.hadToken
      ? `The server at ${context.server} refused the saved sign-in (${error.message}) Run: brandgen login`
      : `Not signed in to ${context.server}: run brandgen login`;
    return new CliFailure({ message, exitCode: ExitCode.refused });
  }
  if (error.status === 403) return new CliFailure({ message: error.message, exitCode: ExitCode.refused });
  const details = error.fields.map((field) => `  ${field.field}: ${field.message}`);
  const wait = error.retryAfterSeconds !== null ? ` Try again in ${error.retryAfterSeconds} s.` : '';
  const exitCode = error.status >= 400 && error.status < 500 && error.status !== 429 ? ExitCode.usage : ExitCode.jobFailed;
  return new CliFailure({ message: `${error.message}${wait}`, exitCode, details });
}
