import { useState } from 'react';
import { describeError } from '../../../api/api-error.ts';
import { useWebhooks } from '../api/list-webhooks.ts';
import type { CreatedWebhookEndpoint } from '../api/types.ts';
import { EndpointCard } from './endpoint-card.tsx';
import { SecretReveal } from './secret-reveal.tsx';
import { WebhookForm } from './webhook-form.tsx';
import '../../../ui/identity.css';
import './webhooks.css';

/** Webhook endpoints: register one (its secret shown once), watch its deliveries, resend one, turn it off or delete it. */
export function WebhooksPage() {
  const webhooks = useWebhooks();
  const [created, setCreated] = useState<CreatedWebhookEndpoint | undefined>();
  return (
    <main className="page identity-page webhooks-page">
      <h1>Webhooks</h1>
      <p className="identity-lead">
        Brandgen can tell another system when a job or batch finishes by POSTing a signed message to its address (Standard Webhooks). Failed
        deliveries are retried for about three days.
      </p>
      <WebhookForm onCreated={setCreated} />
      {created && <SecretReveal created={created} />}
      <section aria-labelledby="webhook-list-title" className="webhook-list">
        <h2 id="webhook-list-title">Your endpoints</h2>
        {webhooks.isPending && <p>Loading your endpoints…</p>}
        {webhooks.isError && (
          <p className="field-error" role="alert">
            {describeError(webhooks.error)}
          </p>
        )}
        {webhooks.data?.length === 0 && <p>You have no webhook endpoints.</p>}
        {webhooks.data?.map((endpoint) => (
          <EndpointCard key={endpoint.id} endpoint={endpoint} />
        ))}
      </section>
    </main>
  );
}
