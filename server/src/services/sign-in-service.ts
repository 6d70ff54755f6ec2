import * as oidc from 'openid-client';
import type { SessionRepository } from '../db/session-repository.ts';
import type { Principal } from '../domain/principal.ts';
import type { IdentityProvider } from '../identity/identity-provider.ts';
import { SignInError } from '../identity/identity-provider.ts';
import type { Clock } from './clock.ts';
import type { MembershipService } from './membership-service.ts';
import { randomSecret, sha256Hex } from './secrets.ts';

const SIGN_IN_MINUTES = 10;

export type SignInResult =
  { kind: 'signed_in'; sessionToken: string; returnTo: string; principal: Principal } | { kind: 'denied'; userId: string | undefined };

export interface SessionPrincipal {
  principal: Principal;
  csrfToken: string;
}

/** Browser sign-in with the authorization code flow and PKCE, ending in a session kept in the database. */
export class SignInService {
  private readonly provider: IdentityProvider;
  private readonly membership: MembershipService;
  private readonly sessions: SessionRepository;
  private readonly clock: Clock;
  private readonly redirectUri: string;
  private readonly sessionHours: number;

  constructor(options: {
    provider: IdentityProvider;
    membership: MembershipService;
    sessions: SessionRepository;
    clock: Clock;
    redirectUri: string;
    sessionHours: number;
  }) {
    this.provider = options.provider;
    this.membership = options.membership;
    this.sessions = options.sessions;
    this.clock = options.clock;
    this.redirectUri = options.redirectUri;
    this.sessionHours = options.sessionHours;
  }

  get sessionSeconds(): number {
    return this.sessionHours * 3600;
  }

  /** Returns the provider's sign-in address and the state the browser must bring back. */
  async begin(returnTo: string): Promise<{ state: string; url: URL }> {
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    await this.sessions.deleteExpired(this.clock.now());
    await this.sessions.insertAttempt({
      state,
      nonce,
      code_verifier: codeVerifier,
      return_to: safeReturnPath(returnTo),
      expires_at: this.later(SIGN_IN_MINUTES * 60),
    });
    const url = await this.provider.authorizationUrl({
      redirectUri: this.redirectUri,
      state,
      nonce,
      codeChallenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    });
    return { state, url };
  }

  /** Finishes a sign-in; `browserState` is the state this browser started with (from its cookie). */
  async complete(callbackUrl: URL, browserState: string | undefined): Promise<SignInResult> {
    const state = callbackUrl.searchParams.get('state');
    if (!state || !browserState || state !== browserState) {
      throw new SignInError('This sign-in was started in another browser tab or has expired. Please sign in again.');
    }
    const attempt = await this.sessions.takeAttempt(state);
    if (!attempt || attempt.expires_at <= this.clock.now()) throw new SignInError('This sign-in took too long. Please sign in again.');
    const claims = await this.provider.redeemCode(callbackUrl, { codeVerifier: attempt.code_verifier, state, nonce: attempt.nonce });
    const membership = await this.membership.resolve(claims, 'session');
    if (membership.kind === 'denied') return { kind: 'denied', userId: membership.userId };
    const sessionToken = randomSecret();
    await this.sessions.insertSession({
      id_hash: sha256Hex(sessionToken),
      user_id: membership.principal.userId,
      user_name: membership.principal.name,
      is_admin: membership.principal.isAdmin ? 1 : 0,
      csrf_token: randomSecret(),
      created_at: this.clock.now(),
      expires_at: this.later(this.sessionSeconds),
    });
    return { kind: 'signed_in', sessionToken, returnTo: attempt.return_to, principal: membership.principal };
  }

  async session(sessionToken: string): Promise<SessionPrincipal | undefined> {
    const row = await this.sessions.findSession(sha256Hex(sessionToken));
    if (!row || row.expires_at <= this.clock.now()) return undefined;
    return {
      principal: { userId: row.user_id, name: row.user_name, isAdmin: row.is_admin === 1, via: 'session' },
      csrfToken: row.csrf_token,
    };
  }

  async signOut(sessionToken: string): Promise<void> {
    await this.sessions.deleteSession(sha256Hex(sessionToken));
  }

  private later(seconds: number): string {
    return new Date(Date.parse(this.clock.now()) + seconds * 1000).toISOString();
  }
}

/** Only a path on this site: anything else could send a freshly signed-in user to a look-alike site. */
export function safeReturnPath(value: string | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || /[\r\n]/.test(value)) return '/';
  return value.startsWith('/auth/') ? '/' : value;
}
