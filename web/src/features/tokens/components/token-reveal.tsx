import { useState } from 'react';

/** The new token, the one time it is shown, with a button to copy it. */
export function TokenReveal({ name, token }: { name: string; token: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <section className="identity-card token-reveal" aria-labelledby="token-reveal-title" role="status">
      <h2 id="token-reveal-title">Copy your new token now</h2>
      <p>
        This token is shown only once, now: Brandgen keeps only a fingerprint of it and cannot show it again. Copy it to where “{name}” will
        use it; if you lose it, revoke it and create another.
      </p>
      <code className="token-value" data-testid="new-token">
        {token}
      </code>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => void navigator.clipboard?.writeText(token).then(() => setCopied(true))}
      >
        {copied ? 'Copied' : 'Copy to clipboard'}
      </button>
    </section>
  );
}
