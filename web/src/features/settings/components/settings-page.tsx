import { describeError } from '../../../api/api-error.ts';
import { useProviderSettings } from '../api/list-provider-settings.ts';
import { FigmaPluginSection } from './figma-plugin-section.tsx';
import { ProviderCard } from './provider-card.tsx';

/** Provider keys for administrators: saved encrypted on the server, only ever shown masked here. */
export function SettingsPage() {
  const providers = useProviderSettings();
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
