import type { ProviderKeyRepository } from '../db/provider-key-repository.ts';
import {
  PROVIDER_IDS,
  providerEnvironment,
  providerLabels,
  type ProviderId,
  type ProviderSettings,
  type ProviderSettingsMap,
} from '../providers/provider-ids.ts';
import type { Clock } from './clock.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import { maskKey, type SecretBox } from './secret-box.ts';

export interface ProviderStatus {
  provider: ProviderId;
  label: string;
  configured: boolean;
  /** Where the key in use comes from: saved through settings (wins), the environment, or nowhere. */
  source: 'settings' | 'environment' | null;
  keyHint: string | null;
  baseUrl: string | null;
  environmentVariable: string;
  updatedAt: string | null;
}

export interface ProviderSettingsServiceOptions {
  repository: ProviderKeyRepository;
  box: SecretBox;
  clock: Clock;
  fromEnvironment: ProviderSettingsMap;
  defaults: Record<ProviderId, Omit<ProviderSettings, 'apiKey'>>;
  /** Called after every change, to rebuild the model catalog of this process and announce the change to the others. */
  onChange: () => Promise<void>;
}

/** Provider keys an administrator saves at run time; they are sealed at rest and never leave the server. */
export class ProviderSettingsService {
  private readonly options: ProviderSettingsServiceOptions;

  constructor(options: ProviderSettingsServiceOptions) {
    this.options = options;
  }

  /** Environment keys, overridden by keys saved through the settings API. */
  async effectiveProviders(): Promise<ProviderSettingsMap> {
    const { repository, box, fromEnvironment, defaults } = this.options;
    const providers: ProviderSettingsMap = { ...fromEnvironment };
    for (const row of await repository.list()) {
      if (!isProviderId(row.provider)) continue;
      let apiKey: string;
      try {
        apiKey = box.open(row.sealed_key, row.provider);
      } catch {
        throw new Error(
          `The saved ${providerLabels[row.provider]} key cannot be decrypted: the secret key (BRANDGEN_SECRET_KEY or secret.key ` +
            'in the data folder) is not the one it was saved with. Restore that key, or save the provider key again.',
        );
      }
      providers[row.provider] = {
        ...defaults[row.provider],
        apiKey,
        baseUrl: row.base_url ?? defaults[row.provider].baseUrl,
      };
    }
    return providers;
  }

  async list(): Promise<ProviderStatus[]> {
    const stored = new Map((await this.options.repository.list()).map((row) => [row.provider, row]));
    return PROVIDER_IDS.map((provider) => {
      const saved = stored.get(provider);
      const environment = this.options.fromEnvironment[provider];
      return {
        provider,
        label: providerLabels[provider],
        configured: Boolean(saved || environment),
        source: saved ? 'settings' : environment ? 'environment' : null,
        keyHint: saved ? saved.key_hint : environment ? maskKey(environment.apiKey) : null,
        baseUrl: saved?.base_url ?? environment?.baseUrl ?? null,
        environmentVariable: providerEnvironment[provider].key[0]!,
        updatedAt: saved?.updated_at ?? null,
      };
    });
  }

  async save(provider: string, input: { apiKey: string; baseUrl?: string | null | undefined; userId: string }): Promise<void> {
    const id = this.provider(provider);
    const apiKey = input.apiKey.trim();
    const fields = [];
    if (apiKey.length < 8 || /\s/u.test(apiKey))
      fields.push({ field: 'api_key', message: 'Paste the whole API key: at least 8 characters, no spaces.' });
    if (input.baseUrl && !/^https?:\/\/./u.test(input.baseUrl))
      fields.push({ field: 'base_url', message: 'The base URL must start with http:// or https://.' });
    if (fields.length > 0) throw new ValidationError(fields);
    await this.options.repository.save({
      provider: id,
      sealed_key: this.options.box.seal(apiKey, id),
      key_hint: maskKey(apiKey),
      base_url: input.baseUrl ? input.baseUrl.replace(/\/+$/u, '') : null,
      updated_by: input.userId,
      updated_at: this.options.clock.now(),
    });
    await this.options.onChange();
  }

  async remove(provider: string): Promise<void> {
    const id = this.provider(provider);
    if (!(await this.options.repository.remove(id))) throw new NotFoundError(`No key for ${providerLabels[id]} was saved in settings.`);
    await this.options.onChange();
  }

  private provider(provider: string): ProviderId {
    if (!isProviderId(provider)) throw new NotFoundError(`There is no provider called "${provider}". Known: ${PROVIDER_IDS.join(', ')}.`);
    return provider;
  }
}

function isProviderId(value: string): value is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(value);
}
