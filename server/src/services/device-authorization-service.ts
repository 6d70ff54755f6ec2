import { randomInt } from 'node:crypto';
import type { DeviceAuthorizationRepository } from '../db/device-authorization-repository.ts';
import type { Principal } from '../domain/principal.ts';
import type { ApiTokenService } from './api-token-service.ts';
import type { Clock } from './clock.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import { randomSecret, sha256Hex } from './secrets.ts';

/** Consonants only: no vowels to spell words, and no 0/O or 1/I to confuse (RFC 8628 section 6.1). */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
const SLOW_DOWN_SECONDS = 5;

/** What the token endpoint answers, with RFC 8628's error names. */
export type DevicePollResult =
  | { kind: 'token'; accessToken: string }
  | { kind: 'error'; error: 'authorization_pending' | 'slow_down' | 'access_denied' | 'expired_token' | 'invalid_grant' };

export interface DeviceCode {
  deviceCode: string;
  userCode: string;
  expiresIn: number;
  interval: number;
}

/** The device authorization grant (RFC 8628), served by Brandgen so a Figma plugin or a CLI can sign in through a browser. */
export class DeviceAuthorizationService {
  private readonly repository: DeviceAuthorizationRepository;
  private readonly tokens: ApiTokenService;
  private readonly clock: Clock;
  private readonly lifetimeSeconds: number;
  private readonly intervalSeconds: number;

  constructor(options: {
    repository: DeviceAuthorizationRepository;
    tokens: ApiTokenService;
    clock: Clock;
    lifetimeSeconds: number;
    intervalSeconds: number;
  }) {
    this.repository = options.repository;
    this.tokens = options.tokens;
    this.clock = options.clock;
    this.lifetimeSeconds = options.lifetimeSeconds;
    this.intervalSeconds = options.intervalSeconds;
  }

  async start(clientName: string | undefined): Promise<DeviceCode> {
    const now = this.clock.now();
    await this.repository.deleteExpired(now);
    const deviceCode = randomSecret();
    const userCode = newUserCode();
    await this.repository.insert({
      device_code_hash: sha256Hex(deviceCode),
      user_code: userCode,
      client_name: (clientName ?? '').trim().slice(0, 100) || 'a device',
      status: 'pending',
      user_id: null,
      is_admin: 0,
      interval_seconds: this.intervalSeconds,
      last_polled_at: null,
      created_at: now,
      expires_at: new Date(Date.parse(now) + this.lifetimeSeconds * 1000).toISOString(),
    });
    return { deviceCode, userCode: formatUserCode(userCode), expiresIn: this.lifetimeSeconds, interval: this.intervalSeconds };
  }

  /** What the approval page shows before the user decides. */
  async describe(userCode: string): Promise<{ clientName: string; userCode: string }> {
    const row = await this.pending(userCode);
    return { clientName: row.client_name, userCode: formatUserCode(row.user_code) };
  }

  async decide(principal: Principal, userCode: string, approve: boolean): Promise<void> {
    const row = await this.pending(userCode);
    const changed = await this.repository.update(row.device_code_hash, 'pending', {
      status: approve ? 'approved' : 'denied',
      user_id: principal.userId,
      is_admin: principal.isAdmin ? 1 : 0,
    });
    if (!changed) throw new NotFoundError('This code has already been used. Start the sign-in on your device again.');
  }

  async poll(deviceCode: string): Promise<DevicePollResult> {
    const hash = sha256Hex(deviceCode);
    const row = await this.repository.findByDeviceCode(hash);
    if (!row) return { kind: 'error', error: 'invalid_grant' };
    const now = this.clock.now();
    if (row.expires_at <= now) {
      await this.repository.delete(hash);
      return { kind: 'error', error: 'expired_token' };
    }
    if (row.last_polled_at !== null && Date.parse(now) - Date.parse(row.last_polled_at) < row.interval_seconds * 1000) {
      await this.repository.update(hash, row.status, { interval_seconds: row.interval_seconds + SLOW_DOWN_SECONDS, last_polled_at: now });
      return { kind: 'error', error: 'slow_down' };
    }
    if (row.status === 'pending') {
      await this.repository.update(hash, 'pending', { last_polled_at: now });
      return { kind: 'error', error: 'authorization_pending' };
    }
    if (row.status === 'denied') {
      await this.repository.delete(hash);
      return { kind: 'error', error: 'access_denied' };
    }
    // Marking the code used before creating the token makes it single-use even when two polls race.
    if (row.status !== 'approved' || row.user_id === null || !(await this.repository.update(hash, 'approved', { status: 'used' }))) {
      return { kind: 'error', error: 'invalid_grant' };
    }
    const owner: Principal = { userId: row.user_id, name: '', isAdmin: row.is_admin === 1, via: 'api_token' };
    const { token } = await this.tokens.create(owner, { name: `Device sign-in: ${row.client_name}`.slice(0, 100) });
    await this.repository.delete(hash);
    return { kind: 'token', accessToken: token };
  }

  private async pending(userCode: string) {
    const normalized = userCode.toUpperCase().replace(/[^A-Z]/g, '');
    if (normalized.length !== 8)
      throw new ValidationError([{ field: 'user_code', message: 'Enter the 8-letter code your device shows, e.g. BCDF-GHJK.' }]);
    const row = await this.repository.findByUserCode(normalized);
    if (!row || row.status !== 'pending' || row.expires_at <= this.clock.now()) {
      throw new NotFoundError('This code is not valid or has expired. Start the sign-in on your device again.');
    }
    return row;
  }
}

function newUserCode(): string {
  let code = '';
  for (let index = 0; index < 8; index += 1) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return code;
}

function formatUserCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
