import { BrandgenApiError, NETWORK_FAILURE_STATUS } from '@brandgen/client';

/** Addresses the page's Content Security Policy refused; Figma enforces the manifest's allowedDomains this way. */
const blockedOrigins = new Set<string>();
document.addEventListener('securitypolicyviolation', (event) => {
  try {
    blockedOrigins.add(new URL(event.blockedURI).origin);
  } catch {
    // "inline" or "eval": not a connection.
  }
});

/** A blocked request's policy report arrives as a task after the request has failed; wait for it before describing. */
export function afterPolicyReports(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}

export interface PlainError {
  message: string;
  /** The token no longer works: show the sign-in screen with the message. */
  signIn: boolean;
}

/** Every failure the plugin can meet, in words that say what to do. */
export function describeError(error: unknown, server: string): PlainError {
  if (error instanceof BrandgenApiError) {
    if (error.status === NETWORK_FAILURE_STATUS) return { message: unreachable(server), signIn: false };
    if (error.status === 401) {
      return { message: `Your sign-in to ${server} has expired or was revoked (${error.message}). Sign in again.`, signIn: true };
    }
    if (error.status === 429 || error.status === 503) {
      const wait = error.retryAfterSeconds === null ? 'in a minute' : `in ${Math.max(1, Math.ceil(error.retryAfterSeconds))} seconds`;
      const why = error.status === 429 ? 'Too many requests for now' : 'Brandgen is busy';
      // Brandgen's own 429 already says how long to wait; a proxy's may not.
      const hint = /\bwait\b/i.test(error.message) ? '' : ` Try again ${wait}.`;
      return { message: `${why}: ${error.message}${hint}`, signIn: false };
    }
    const fields = error.fields.map((field) => field.message).join(' ');
    return { message: fields ? `${error.message} ${fields}` : error.message, signIn: false };
  }
  if (error instanceof Error && error.name === 'AbortError') return { message: 'Stopped.', signIn: false };
  // The plugin's own errors (a failed job with the server's reason, Figma refusing an image) are worded already.
  if (error instanceof Error) return { message: error.message, signIn: false };
  return { message: `Something went wrong: ${String(error)}`, signIn: false };
}

function unreachable(server: string): string {
  if (blockedOrigins.has(server)) {
    return (
      `Figma blocked the connection to ${server}: that address is not in the plugin's allowed domains. ` +
      `Download the plugin again from Brandgen's Settings page (its manifest names this server), or add ${server} to ` +
      'networkAccess.allowedDomains in manifest.json and import it again.'
    );
  }
  return `Brandgen at ${server} did not answer. Check that the server is running and that this computer can reach it, then try again.`;
}
