import { useId, useState, type FormEvent } from 'react';
import { describeError, fieldMessages } from '../../../api/api-error.ts';
import { Select } from '../../../ui/select.tsx';
import { useCreateToken } from '../api/create-token.ts';
import { TokenReveal } from './token-reveal.tsx';

const EXPIRY_CHOICES = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: '', label: 'Never' },
];

/** A name and a lifetime for a new token; the token itself is then shown once, below the form. */
export function NewTokenForm() {
  const create = useCreateToken();
  const [name, setName] = useState('');
  const [expiryDays, setExpiryDays] = useState('90');
  const nameId = useId();
  const expiryId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const expiresAt = expiryDays ? new Date(Date.now() + Number(expiryDays) * 86_400_000).toISOString() : null;
    create.mutate({ name, expires_at: expiresAt }, { onSuccess: () => setName('') });
  };
  const nameErrors = create.isError ? fieldMessages(create.error, 'name') : [];
  return (
    <>
      <form className="identity-card" onSubmit={submit} aria-labelledby="new-token-title" noValidate>
        <h2 id="new-token-title">New token</h2>
        <div className="identity-fields">
          <label htmlFor={nameId}>Name</label>
          <input
            id={nameId}
            value={name}
            onChange={(event) => setName(event.target.value)}
            maxLength={100}
            placeholder="e.g. Figma on my laptop"
            aria-invalid={nameErrors.length > 0 || undefined}
          />
          <label htmlFor={expiryId}>Expires after</label>
          <Select id={expiryId} value={expiryDays} onChange={(event) => setExpiryDays(event.target.value)}>
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice.label} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </Select>
        </div>
        {nameErrors.length > 0 && <p className="field-error">{nameErrors.join(' ')}</p>}
        {create.isError && nameErrors.length === 0 && (
          <p className="field-error" role="alert">
            {describeError(create.error)}
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create token'}
        </button>
      </form>
      {create.data && <TokenReveal key={create.data.id} name={create.data.name} token={create.data.token} />}
    </>
  );
}
