import type { ApiTokenRepository, ApiTokenRow } from '../db/api-token-repository.ts';
import type { Principal } from '../domain/principal.ts';
import type { Clock } from './clock.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import { randomSecret, sha256Hex } from './secrets.ts';

/** Personal API tokens start with this, so they are told apart from JWTs and found by secret scanners. */
export const API_TOKEN_PREFIX = 'bgt_';

export interface ApiTokenSummary {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export class ApiTokenService {
  private readonly repository: ApiTokenRepository;
  private readonly clock: Clock;

  constructor(options: { repository: ApiTokenRepository; clock: Clock }) {
    this.repository = options.repository;
    this.clock = options.clock;
  }

  /** Returns the token itself once; only its hash is kept. */
  async create(owner: Principal, input: { name: string; expiresAt?: string | null }): Promise<{ token: string; summary: ApiTokenSummary }> {
    const name = input.name.trim();
    const fields = [];
    if (name === '' || name.length > 100)
      fields.push({ field: 'name', message: 'Give the token a name of 1 to 100 characters, e.g. "Figma laptop".' });
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : undefined;
    if (expiresAt && (Number.isNaN(expiresAt.getTime()) || expiresAt.toISOString() <= this.clock.now())) {
      fields.push({ field: 'expires_at', message: 'The expiry must be a date and time in the future.' });
    }
    if (fields.length > 0) throw new ValidationError(fields);
    const token = `${API_TOKEN_PREFIX}${randomSecret()}`;
    const row: ApiTokenRow = {
      id: this.clock.newId(),
      user_id: owner.userId,
      name,
      token_hash: sha256Hex(token),
      is_admin: owner.isAdmin ? 1 : 0,
      created_at: this.clock.now(),
      expires_at: expiresAt?.toISOString() ?? null,
      last_used_at: null,
    };
    await this.repository.insert(row);
    return { token, summary: summaryOf(row) };
  }

  async list(userId: string): Promise<ApiTokenSummary[]> {
    return (await this.repository.listForUser(userId)).map(summaryOf);
  }

  async revoke(userId: string, id: string): Promise<void> {
    if (!(await this.repository.delete(userId, id))) throw new NotFoundError('There is no API token with this id.');
  }

  /**
   * Revokes a token by its value, as RFC 7009 asks: whoever holds a token may end it. True when a token was revoked;
   * an unknown, expired or already revoked token changes nothing.
   */
  async revokeByValue(token: string): Promise<boolean> {
    if (!token.startsWith(API_TOKEN_PREFIX)) return false;
    return this.repository.deleteByHash(sha256Hex(token));
  }

  /** The token's owner, or undefined for an unknown, revoked or expired token. */
  async authenticate(token: string): Promise<Principal | undefined> {
    const row = await this.repository.findByHash(sha256Hex(token));
    const now = this.clock.now();
    if (!row || (row.expires_at !== null && row.expires_at <= now)) return undefined;
    // Last use is recorded to the minute, so a busy script does not write on every request.
    if (row.last_used_at === null || Date.parse(now) - Date.parse(row.last_used_at) > 60_000) await this.repository.touch(row.id, now);
    return { userId: row.user_id, name: row.name, isAdmin: row.is_admin === 1, via: 'api_token' };
  }
}

function summaryOf(row: ApiTokenRow): ApiTokenSummary {
  return { id: row.id, name: row.name, createdAt: row.created_at, expiresAt: row.expires_at, lastUsedAt: row.last_used_at };
}
