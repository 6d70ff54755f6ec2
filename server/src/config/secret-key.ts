import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config.ts';

export const SECRET_KEY_FILE = 'secret.key';

/**
 * The 32-byte key that encrypts provider keys at rest: `BRANDGEN_SECRET_KEY` (64 hex characters or base64 of
 * 32 bytes) when set, else `secret.key` in the data folder, created on first start readable by its owner only.
 */
export function loadSecretKey(dataDirectory: string, fromEnvironment: string | undefined): Buffer {
  if (fromEnvironment && fromEnvironment.trim() !== '') return parseKey(fromEnvironment.trim(), 'BRANDGEN_SECRET_KEY');
  const file = path.join(dataDirectory, SECRET_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDirectory, { recursive: true });
    // `wx` fails rather than overwrite a key another process wrote a moment ago.
    try {
      writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return parseKey(readFileSync(file, 'utf8').trim(), file);
}

function parseKey(raw: string, source: string): Buffer {
  if (/^[0-9a-fA-F]{64}$/u.test(raw)) return Buffer.from(raw, 'hex');
  const decoded = Buffer.from(raw, 'base64');
  if (decoded.length === 32) return decoded;
  throw new ConfigError(`${source} must hold 32 random bytes as 64 hex characters or base64 (for example: openssl rand -hex 32).`);
}
