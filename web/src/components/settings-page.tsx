import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { describeError, fieldMessages } from '../api/api-error.ts';
import { listProviderSettings, removeProviderKey, saveProviderKey } from '../api/client.ts';
import { modelsKey, providerSettingsKey } from '../api/query-keys.ts';
import type { ProviderStatus } from '@brandgen/client';
import { FigmaPluginSection } from './figma-plugin-section.tsx';

/** Provider keys for administrators: saved encrypted on the server, only ever shown masked here. */
export function SettingsPage() {
  const providers = useQuery({ queryKey: providerSettingsKey, queryFn: ({ signal }) => listProviderSettings(signal) });
  return (
    <main className="page settings-page">
      <h1>Settings</h1>
      <h2 className="settings-section-title">Image providers</h2>
      <p className="settings-intro">
        Paste a provider's API key to use its models. Keys are stored encrypted and are never shown again; only their last four characters
        appear here.
      </p>
      {providers.isPending && <p>Loading providers…</p>}
      {providers.isError && <p className="field-error">{describeError(providers.error)}</p>}
      <ul className="provider-list">
        {providers.data?.map((provider) => (
          <li key={provider.provider}>
            <ProviderCard provider={provider} />
          </li>
        ))}
      </ul>
      <FigmaPluginSection />
    </main>
  );
}

function ProviderCard({ provider }: { provider: ProviderStatus }) {
  const queryClient = useQueryClient();
  const id = useId();
  const [apiKey, setApiKey] = useState('');
  const [baseUrl, setBaseUrl] = useState(provider.source === 'settings' ? (provider.base_url ?? '') : '');
  const refresh = (next: ProviderStatus[]) => {
    queryClient.setQueryData(providerSettingsKey, next);
    // Refetched now, not on the next visit, so the Generate page never shows the old model list.
    void queryClient.invalidateQueries({ queryKey: modelsKey, refetchType: 'all' });
  };
  const save = useMutation({
    mutationFn: () => saveProviderKey(provider.provider, apiKey.trim(), baseUrl.trim() || null),
    onSuccess: (next) => {
      setApiKey('');
      refresh(next);
    },
  });
  const remove = useMutation({ mutationFn: () => removeProviderKey(provider.provider), onSuccess: refresh });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    remove.reset();
    save.mutate();
  };
  const keyErrors = fieldMessages(save.error, 'api_key');
  const urlErrors = fieldMessages(save.error, 'base_url');
  const status = provider.configured
    ? `Key ${provider.key_hint} from ${provider.source === 'settings' ? 'settings' : `the environment (${provider.environment_variable})`}`
    : 'Not configured';

  return (
    <section className="provider-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{provider.label}</h2>
      <p className="provider-status" data-configured={provider.configured || undefined}>
        {status}
      </p>
      <form onSubmit={submit} noValidate>
        <div className="option-row">
          <label htmlFor={`${id}-key`}>{provider.configured ? 'Replace the API key' : 'API key'}</label>
          <input
            id={`${id}-key`}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={apiKey}
            aria-invalid={keyErrors.length > 0 || undefined}
            onChange={(event) => setApiKey(event.target.value)}
          />
          <FieldErrors messages={keyErrors} />
        </div>
        <div className="option-row">
          <label htmlFor={`${id}-url`}>Base URL (optional, for a proxy or gateway)</label>
          <input
            id={`${id}-url`}
            type="url"
            value={baseUrl}
            placeholder="the provider's own address"
            onChange={(event) => setBaseUrl(event.target.value)}
          />
          <FieldErrors messages={urlErrors} />
        </div>
        <div className="provider-actions">
          <button type="submit" className="button button-primary" disabled={apiKey.trim() === '' || save.isPending}>
            {save.isPending ? 'Saving…' : 'Save key'}
          </button>
          {provider.source === 'settings' && (
            <button type="button" className="button button-secondary" disabled={remove.isPending} onClick={() => remove.mutate()}>
              Remove saved key
            </button>
          )}
        </div>
        <p role="status" className="option-note">
          {save.isSuccess ? `Saved. ${provider.label} models are available now.` : ''}
          {save.isError && keyErrors.length === 0 && urlErrors.length === 0 ? describeError(save.error) : ''}
          {remove.isError ? describeError(remove.error) : ''}
        </p>
      </form>
    </section>
  );
}

function FieldErrors({ messages }: { messages: string[] }) {
  return messages.map((message) => (
    <p key={message} className="field-error">
      {message}
    </p>
  ));
}
