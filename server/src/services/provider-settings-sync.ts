import type { EventBus } from '../events/event-bus.ts';
import type { ProviderSettingsMap } from '../providers/provider-ids.ts';

export interface ProviderSettingsSyncOptions {
  /** The provider settings in effect, read from the database (and the environment). */
  read: () => Promise<ProviderSettingsMap>;
  /** Puts settings that differ from the last applied ones to work (rebuilds the model catalog). */
  apply: (providers: ProviderSettingsMap) => void;
  bus: Pick<EventBus, 'announceSettingsChange' | 'onSettingsChange'>;
  /** The safety net: how often the settings are re-read even when no announcement came; 0 never. */
  intervalMs: number;
  onError: (error: unknown, message: string) => void;
}

/**
 * Keeps every process's provider settings in step with the database. A process that changes them re-reads them at
 * once and announces the change on the event bus; every process re-reads on the announcement, whenever its bus
 * connection comes back (announcements sent while it was away are lost) and on an interval.
 */
export class ProviderSettingsSync {
  private readonly options: ProviderSettingsSyncOptions;
  /** Reads run one after another, so an older read can never be applied after a newer one. */
  private reads: Promise<void> = Promise.resolve();
  private applied: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(options: ProviderSettingsSyncOptions) {
    this.options = options;
  }

  /** Marks the settings the process started with as applied, so the first re-read rebuilds nothing needlessly. */
  startedWith(providers: ProviderSettingsMap): void {
    this.applied = fingerprint(providers);
  }

  async start(): Promise<void> {
    this.unsubscribe = await this.options.bus.onSettingsChange(() => void this.refresh());
    // Whatever changed between reading the settings at start and hearing announcements.
    await this.refresh();
    if (this.options.intervalMs > 0) {
      this.timer = setInterval(() => void this.refresh(), this.options.intervalMs);
      this.timer.unref();
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Re-reads the settings and applies them if they changed; a failed read keeps the settings in use and is reported. */
  refresh(): Promise<void> {
    const read = this.reads.then(async () => {
      const providers = await this.options.read();
      const current = fingerprint(providers);
      if (current === this.applied) return;
      this.options.apply(providers);
      this.applied = current;
    });
    this.reads = read.catch((error: unknown) =>
      this.options.onError(error, 'the provider settings could not be re-read; the models in use stay as they were'),
    );
    return this.reads;
  }

  /** After this process changed the settings: applies them here before answering, then tells the other processes. */
  async changedHere(): Promise<void> {
    await this.refresh();
    // The change is in the database already; a process that misses the announcement catches up on reconnection or on
    // the interval, so the administrator's request does not wait for Redis.
    this.options.bus.announceSettingsChange().catch((error: unknown) => {
      this.options.onError(error, 'a provider settings change was saved but not announced; other processes apply it on their next re-read');
    });
  }
}

/** Compared in memory only: it holds the keys, as the settings themselves do. */
function fingerprint(providers: ProviderSettingsMap): string {
  return JSON.stringify(Object.entries(providers).sort(([left], [right]) => left.localeCompare(right)));
}
