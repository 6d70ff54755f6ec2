import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from './clock.ts';

export interface LoraLinksOptions {
  /** The server's secret key; links are signed with a key derived from it for this one purpose. */
  secretKey: Uint8Array;
  /** BRANDGEN_PUBLIC_URL: the address providers fetch the file from. Without it no link can be made. */
  publicUrl: string | undefined;
  clock: Clock;
  /** How long a link works: long enough for a queued provider run to start, short enough not to leak for long. */
  lifetimeSeconds?: number;
}

export type LinkCheck = 'valid' | 'expired' | 'invalid';

const DEFAULT_LIFETIME_SECONDS = 60 * 60;

/**
 * Signed, expiring links to a LoRA file Brandgen keeps, for hosted providers (fal.ai, Replicate) that fetch weights
 * from an https address: `{public}/api/loras/{id}/file?expires={unix seconds}&signature={HMAC-SHA256}`.
 */
export class LoraLinks {
  private readonly key: Buffer;
  private readonly publicUrl: string | undefined;
  private readonly clock: Clock;
  private readonly lifetimeSeconds: number;

  constructor(options: LoraLinksOptions) {
    this.key = createHmac('sha256', options.secretKey).update('brandgen lora file links').digest();
    this.publicUrl = options.publicUrl;
    this.clock = options.clock;
    this.lifetimeSeconds = options.lifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS;
  }

  /** A fresh link, or undefined when BRANDGEN_PUBLIC_URL is not set. */
  linkFor(loraId: string): string | undefined {
    if (!this.publicUrl) return undefined;
    const expires = Math.floor(Date.parse(this.clock.now()) / 1000) + this.lifetimeSeconds;
    const query = new URLSearchParams({ expires: String(expires), signature: this.sign(loraId, expires) });
    return `${this.publicUrl}/api/loras/${encodeURIComponent(loraId)}/file?${query.toString()}`;
  }

  check(loraId: string, expires: number, signature: string): LinkCheck {
    const expected = Buffer.from(this.sign(loraId, expires), 'hex');
    const given = Buffer.from(signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    return Date.parse(this.clock.now()) / 1000 > expires ? 'expired' : 'valid';
  }

  private sign(loraId: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${loraId}\n${expires}`).digest('hex');
  }
}
