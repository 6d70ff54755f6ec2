import { PROVIDER_IDS, providerLabels, type ProviderId, type ProviderSettingsMap } from './provider-ids.ts';
import { ProviderError } from './resilience/provider-error.ts';

export type RevocationSignals = Partial<Record<ProviderId, AbortSignal>>;

/**
 * One signal per configured provider that fires when its settings (key, base URL, limits) are replaced or removed.
 * Models built from the old settings watch it, so a call still under way with a withdrawn key (perhaps one that leaked)
 * stops at once instead of finishing, retrying or polling a queue for minutes with it.
 */
export class ProviderKeyRevocation {
  private readonly held = new Map<ProviderId, { settings: string; controller: AbortController }>();

  /** The signals for `providers`, after firing those of providers whose settings differ from the last call's. */
  signalsFor(providers: ProviderSettingsMap): RevocationSignals {
    const signals: RevocationSignals = {};
    for (const provider of PROVIDER_IDS) {
      const settings = providers[provider] ? JSON.stringify(providers[provider]) : undefined;
      let current = this.held.get(provider);
      if (current && current.settings !== settings) {
        current.controller.abort(withdrawnKeyError(provider, settings === undefined));
        this.held.delete(provider);
        current = undefined;
      }
      if (settings === undefined) continue;
      if (!current) {
        current = { settings, controller: new AbortController() };
        this.held.set(provider, current);
      }
      signals[provider] = current.controller.signal;
    }
    return signals;
  }
}

function withdrawnKeyError(provider: ProviderId, removed: boolean): ProviderError {
  const label = providerLabels[provider];
  return new ProviderError(
    removed
      ? `The ${label} key was removed by an administrator.`
      : `The ${label} settings were changed by an administrator while this image was being made.`,
    false,
  );
}
