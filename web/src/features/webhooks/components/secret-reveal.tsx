import { useState } from 'react';
import type { CreatedWebhookEndpoint } from '../api/types.ts';

/** The signing secret of a just-registered endpoint: shown here once, never again. */
export function SecretReveal({ created }: { created: CreatedWebhookEndpoint }) {
  const [copied, setCopied] = useState(false);
  return (
    <section className="identity-card token-reveal" aria-labelledby="webhook-secret-title" role="status">
      <h2 id="webhook-secret-title">Copy the signing secret now</h2>
      <p>
        This is the only time Brandgen shows the secret of {created.url}. Your receiver uses it to check the
        <code> webhook-signature</code> header of every delivery.
      </p>
      <code className="token-value" data-testid="webhook-secret">
        {created.secret}
      </code>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => void navigator.clipboard?.writeText(created.secret).then(() => setCopied(true))}
      >
        {copied ? 'Copied' : 'Copy to clipboard'}
      </button>
    </section>
  );
}
