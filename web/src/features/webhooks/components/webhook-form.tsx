import { useId, useState, type FormEvent } from 'react';
import { describeError, fieldMessages } from '../../../api/api-error.ts';
import { useCreateWebhook } from '../api/create-webhook.ts';
import { WEBHOOK_EVENTS, type CreatedWebhookEndpoint, type WebhookEventType } from '../api/types.ts';
import { Checkbox } from '../../../ui/checkbox.tsx';

const EVENT_LABELS: Record<WebhookEventType, string> = {
  'job.completed': 'A job completed',
  'job.failed': 'A job failed',
  'batch.completed': 'A batch finished',
  'training.completed': 'A LoRA training completed',
  'training.failed': 'A LoRA training failed',
  'training.canceled': 'A LoRA training was canceled',
};

/** Registers an endpoint; the created one (with its secret) goes to `onCreated` to be shown once. */
export function WebhookForm({ onCreated }: { onCreated: (created: CreatedWebhookEndpoint) => void }) {
  const create = useCreateWebhook();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['job.completed', 'job.failed']);
  const urlId = useId();
  const descriptionId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { url, description, events },
      {
        onSuccess: (created) => {
          setUrl('');
          setDescription('');
          onCreated(created);
        },
      },
    );
  };
  const toggle = (name: WebhookEventType, checked: boolean) =>
    setEvents((current) => (checked ? [...current, name] : current.filter((event) => event !== name)));
  const urlErrors = create.isError ? fieldMessages(create.error, 'url') : [];
  const eventErrors = create.isError ? fieldMessages(create.error, 'events') : [];
  const otherError = create.isError && urlErrors.length === 0 && eventErrors.length === 0;

  return (
    <form className="identity-card" onSubmit={submit} aria-labelledby="new-webhook-title" noValidate>
      <h2 id="new-webhook-title">New endpoint</h2>
      <div className="identity-fields">
        <label htmlFor={urlId}>Address</label>
        <input
          id={urlId}
          type="url"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          placeholder="https://example.com/brandgen-hook"
          aria-invalid={urlErrors.length > 0}
          aria-describedby={urlErrors.length > 0 ? `${urlId}-error` : undefined}
        />
        <label htmlFor={descriptionId}>Description</label>
        <input
          id={descriptionId}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          maxLength={200}
          placeholder="Optional"
        />
      </div>
      {urlErrors.length > 0 && (
        <p className="field-error" id={`${urlId}-error`}>
          {urlErrors.join(' ')}
        </p>
      )}
      <fieldset className="webhook-events">
        <legend>Send these events</legend>
        {WEBHOOK_EVENTS.map((name) => (
          <Checkbox key={name} checked={events.includes(name)} onChange={(checked) => toggle(name, checked)}>
            {EVENT_LABELS[name]} <code>{name}</code>
          </Checkbox>
        ))}
      </fieldset>
      {eventErrors.length > 0 && <p className="field-error">{eventErrors.join(' ')}</p>}
      {otherError && (
        <p className="field-error" role="alert">
          {describeError(create.error)}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={create.isPending}>
        {create.isPending ? 'Registering…' : 'Register endpoint'}
      </button>
    </form>
  );
}
