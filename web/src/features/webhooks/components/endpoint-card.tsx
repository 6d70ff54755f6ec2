import { describeError } from '../../../api/api-error.ts';
import { useDeleteWebhook } from '../api/delete-webhook.ts';
import { useSendTestEvent } from '../api/send-test-event.ts';
import { useUpdateWebhook } from '../api/update-webhook.ts';
import type { WebhookEndpoint } from '../api/types.ts';
import { DeliveryTable } from './delivery-table.tsx';
import { ConfirmAction } from '../../../ui/confirm-action.tsx';

/** One endpoint: where it points, what it hears, whether it is on, and its deliveries. */
export function EndpointCard({ endpoint }: { endpoint: WebhookEndpoint }) {
  const sendTest = useSendTestEvent();
  const update = useUpdateWebhook();
  const remove = useDeleteWebhook();
  const titleId = `webhook-${endpoint.id}`;
  const label = endpoint.description || endpoint.url;
  const failure = [sendTest, update, remove].find((mutation) => mutation.isError)?.error;
  return (
    <section className="identity-card webhook-card" aria-labelledby={titleId}>
      <h3 id={titleId} className="webhook-url">
        {endpoint.url}
      </h3>
      {endpoint.description && <p className="identity-lead">{endpoint.description}</p>}
      <p className="webhook-meta">
        <span className={endpoint.enabled ? 'webhook-on' : 'webhook-off'}>{endpoint.enabled ? 'On' : 'Off'}</span>
        {' · '}
        {endpoint.events.join(', ')}
        {endpoint.all_users && ' · everyone’s jobs'}
      </p>
      {endpoint.disabled_reason && (
        <p className="webhook-disabled" role="note">
          {endpoint.disabled_reason} Turn it on again once the receiver is back.
        </p>
      )}
      <div className="identity-actions">
        <button
          type="button"
          className="button button-secondary"
          disabled={!endpoint.enabled || sendTest.isPending}
          onClick={() => sendTest.mutate(endpoint.id)}
        >
          Send test event
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={update.isPending}
          onClick={() => update.mutate({ endpoint, enabled: !endpoint.enabled })}
        >
          {endpoint.enabled ? 'Turn off' : 'Turn on'}
        </button>
        <ConfirmAction
          label="Delete"
          accessibleLabel={`Delete ${label}`}
          question={`Delete the endpoint ${endpoint.url}? Its deliveries are deleted with it.`}
          confirmLabel="Delete endpoint"
          pending={remove.isPending}
          onConfirm={(done) => remove.mutate(endpoint.id, { onSuccess: done })}
        />
      </div>
      {failure && (
        <p className="field-error" role="alert">
          {describeError(failure)}
        </p>
      )}
      <h4>Last 50 deliveries</h4>
      <DeliveryTable endpointId={endpoint.id} endpointLabel={label} enabled={endpoint.enabled} />
    </section>
  );
}
