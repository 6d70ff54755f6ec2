import { describeError } from '../../../api/api-error.ts';
import { formatJobTime } from '../../../format/format-job-time.ts';
import { useDeliveries } from '../api/list-deliveries.ts';
import { useResendDelivery } from '../api/resend-delivery.ts';
import type { WebhookDelivery } from '../api/types.ts';

function statusText(delivery: WebhookDelivery): string {
  const code = delivery.last_status_code === null ? '' : ` (${delivery.last_status_code})`;
  if (delivery.status === 'delivered') return `Delivered${code}`;
  if (delivery.status === 'failed') return `Failed${code}`;
  return delivery.attempts === 0 ? 'Waiting' : `Retrying${code}`;
}

/** An endpoint's last 50 deliveries: what was sent, how it went, and a way to send one again. */
export function DeliveryTable({ endpointId, endpointLabel, enabled }: { endpointId: string; endpointLabel: string; enabled: boolean }) {
  const deliveries = useDeliveries(endpointId);
  const resend = useResendDelivery();
  if (deliveries.isPending) return <p>Loading deliveries…</p>;
  if (deliveries.isError)
    return (
      <p className="field-error" role="alert">
        {describeError(deliveries.error)}
      </p>
    );
  if (deliveries.data.length === 0) return <p>No deliveries yet. Send a test event to try the endpoint.</p>;
  return (
    <>
      <table className="token-table webhook-deliveries">
        <caption className="visually-hidden">Last 50 deliveries to {endpointLabel}</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Time</th>
            <th scope="col">Duration</th>
            <th scope="col">Next retry</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries.data.map((delivery) => (
            <tr key={delivery.id}>
              <td>
                <code>{delivery.event_type}</code>
              </td>
              <td title={delivery.last_error ?? undefined}>
                <span className={`delivery-status delivery-${delivery.status}`}>{statusText(delivery)}</span>
                {delivery.last_error && <span className="delivery-error">{delivery.last_error}</span>}
              </td>
              <td>{formatJobTime(delivery.last_attempt_at ?? delivery.created_at)}</td>
              <td>{delivery.duration_ms === null ? '—' : `${delivery.duration_ms} ms`}</td>
              <td>{delivery.next_attempt_at && delivery.status === 'pending' ? formatJobTime(delivery.next_attempt_at) : '—'}</td>
              <td>
                <button
                  type="button"
                  className="button button-secondary"
                  aria-label={`Resend ${delivery.event_type} delivery ${delivery.id}`}
                  disabled={!enabled || resend.isPending}
                  onClick={() => resend.mutate({ endpointId, deliveryId: delivery.id })}
                >
                  Resend
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {resend.isError && (
        <p className="field-error" role="alert">
          {describeError(resend.error)}
        </p>
      )}
    </>
  );
}
