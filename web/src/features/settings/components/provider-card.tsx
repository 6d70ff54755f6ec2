import type { ProviderStatus } from '@brandgen/client';
import { useId, useState, type FormEvent } from 'react';
import { describeError, fieldMessages } from '../../../api/api-error.ts';
import { useRemoveProviderKey } from '../api/remove-provider-key.ts';
import { useSaveProviderKey } from '../api/save-provider-key.ts';

/** One provider: its key's state, a form to save or replace the key and base URL, and removing a saved key. */
export function ProviderCard({ provider }: { provider: ProviderStatus }) {
  const id = useId();
  const [apiKey, setApiKey] = useState('');
  const [baseUrl, setBaseUrl] = useState(provider.source === 'settings' ? (provider.base_url ?? '') : '');
  const save = useSaveProviderKey(provider.provider);
  const remove = useRemoveProviderKey(provider.provider);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    remove.reset();
    save.mutate({ apiKey: apiKey.trim(), baseUrl: baseUrl.trim() || null }, { onSuccess: () => setApiKey('') });
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
