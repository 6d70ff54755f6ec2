import type { DeviceCode } from './api-types.ts';
import { BrandgenApiError } from './brandgen-api-error.ts';
import { sleep as realSleep, type Sleep } from './sleep.ts';
import type { Transport } from './transport.ts';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** What to show the person: open `verificationUri` (or the complete one, which carries the code) and enter `userCode`. */
export interface DeviceSignInPrompt {
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  expiresInSeconds: number;
}

export interface DeviceSignInOptions {
  /** Shown on the approval page ("Approve Brandgen CLI on …"). */
  clientName?: string | undefined;
  /** Called once the code is known; show it to the person (or open the address). */
  onPrompt: (prompt: DeviceSignInPrompt) => void | Promise<void>;
  signal?: AbortSignal | undefined;
  /** Seams for tests and countdowns: how to wait, and what time it is (milliseconds since the epoch). */
  sleep?: Sleep | undefined;
  now?: (() => number) | undefined;
}

export interface DeviceSignInResult {
  accessToken: string;
  tokenType: 'Bearer';
}

/** RFC 8628 §3.5: each slow_down adds five seconds to the polling interval. */
const SLOW_DOWN_STEP_SECONDS = 5;

/**
 * Signs a device in with the OAuth device authorization grant (RFC 8628) that Brandgen serves: gets a code, shows it,
 * then polls at the server's interval until the person approves (the API token), declines (`access_denied`) or the code
 * expires (`expired_token`), both as a BrandgenApiError.
 */
export async function deviceSignIn(transport: Transport, options: DeviceSignInOptions): Promise<DeviceSignInResult> {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const started = now();
  const form = new URLSearchParams(options.clientName === undefined ? {} : { client_name: options.clientName });
  const code = (await (
    await transport.send('/api/auth/device/code', { method: 'POST', body: form, signal: options.signal })
  ).json()) as DeviceCode;
  await options.onPrompt({
    userCode: code.user_code,
    verificationUri: code.verification_uri,
    verificationUriComplete: code.verification_uri_complete,
    expiresInSeconds: code.expires_in,
  });
  const expiresAt = started + code.expires_in * 1000;
  let intervalSeconds = Math.max(1, code.interval);
  for (;;) {
    if (now() + intervalSeconds * 1000 > expiresAt) throw expired();
    await sleep(intervalSeconds * 1000, options.signal);
    const answer = await requestToken(transport, code.device_code, options.signal);
    if (answer.kind === 'token') return { accessToken: answer.accessToken, tokenType: 'Bearer' };
    if (answer.error === 'authorization_pending') continue;
    if (answer.error === 'slow_down') {
      intervalSeconds += SLOW_DOWN_STEP_SECONDS;
      continue;
    }
    if (answer.error === 'expired_token') throw expired();
    if (answer.error === 'access_denied') {
      throw new BrandgenApiError({ status: 400, code: 'access_denied', message: 'The sign-in was declined on the approval page.' });
    }
    throw new BrandgenApiError({
      status: 400,
      code: answer.error,
      message: answer.description ?? `Device sign-in failed (${answer.error}).`,
    });
  }
}

function expired(): BrandgenApiError {
  return new BrandgenApiError({
    status: 400,
    code: 'expired_token',
    message: 'The sign-in code expired before it was approved. Start the sign-in again.',
  });
}

type TokenAnswer = { kind: 'token'; accessToken: string } | { kind: 'error'; error: string; description: string | undefined };

async function requestToken(transport: Transport, deviceCode: string, signal: AbortSignal | undefined): Promise<TokenAnswer> {
  const body = new URLSearchParams({ grant_type: DEVICE_CODE_GRANT, device_code: deviceCode });
  const response = await transport.fetch(
    new Request(transport.url('/api/auth/device/token'), { method: 'POST', body, signal, cache: 'no-store' }),
  );
  if (response.status === 400) {
    // Token endpoint errors have the OAuth shape (RFC 6749 §5.2), not the API's.
    const oauth = (await response.json().catch(() => ({}))) as { error?: unknown; error_description?: unknown };
    if (typeof oauth.error === 'string') {
      return {
        kind: 'error',
        error: oauth.error,
        description: typeof oauth.error_description === 'string' ? oauth.error_description : undefined,
      };
    }
  }
  if (!response.ok) throw await BrandgenApiError.fromResponse(response);
  const token = (await response.json()) as { access_token: string };
  return { kind: 'token', accessToken: token.access_token };
}
