import type { ApiToken } from '@brandgen/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { describeError, fieldMessages } from '../api/api-error.ts';
import { apiTokensKey, createApiToken, currentUserKey, getCurrentUser, listApiTokens, revokeApiToken } from '../api/identity.ts';
import { formatJobTime } from '../format/format-job-time.ts';
import './identity.css';
import { Select } from '../ui/select.tsx';
import { ConfirmAction } from '../ui/confirm-action.tsx';

const EXPIRY_CHOICES = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: '', label: 'Never' },
];

/** Personal API tokens for scripts, the CLI and the Figma plugin: create (shown once), see last use, revoke. */
export function ApiTokensPage() {
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: apiTokensKey, queryFn: ({ signal }) => listApiTokens(signal) });
  const me = useQuery({ queryKey: currentUserKey, queryFn: ({ signal }) => getCurrentUser(signal), staleTime: 60_000 });
  const [name, setName] = useState('');
  const [expiryDays, setExpiryDays] = useState('90');
  const [copied, setCopied] = useState(false);
  const nameId = useId();
  const expiryId = useId();
  const create = useMutation({
    mutationFn: () =>
      createApiToken({ name, expires_at: expiryDays ? new Date(Date.now() + Number(expiryDays) * 86_400_000).toISOString() : null }),
    onSuccess: () => {
      setName('');
      setCopied(false);
      void client.invalidateQueries({ queryKey: apiTokensKey });
    },
  });
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => revokeApiToken(token.id),
    onSuccess: () => void client.invalidateQueries({ queryKey: apiTokensKey }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const nameErrors = create.isError ? fieldMessages(create.error, 'name') : [];

  return (
    <main className="page identity-page">
      <h1>API tokens</h1>
      <p className="identity-lead">
        A token lets a script, the command line or the Figma plugin use Brandgen as you. Send it as
        <code> Authorization: Bearer &lt;token&gt;</code>. Revoke a token as soon as you no longer need it.
      </p>
      {me.data?.auth_mode === 'none' && (
        <p className="identity-card" role="note">
          Sign-in is off on this installation (BRANDGEN_AUTH=none): the API answers requests from this machine without a token, so you do
          not need one here.
        </p>
      )}

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

      {create.data && (
        <section className="identity-card token-reveal" aria-labelledby="token-reveal-title" role="status">
          <h2 id="token-reveal-title">Copy your new token now</h2>
          <p>
            This token is shown only once, now: Brandgen keeps only a fingerprint of it and cannot show it again. Copy it to where “
            {create.data.name}” will use it; if you lose it, revoke it and create another.
          </p>
          <code className="token-value" data-testid="new-token">
            {create.data.token}
          </code>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void navigator.clipboard?.writeText(create.data!.token).then(() => setCopied(true))}
          >
            {copied ? 'Copied' : 'Copy to clipboard'}
          </button>
        </section>
      )}

      <section aria-labelledby="token-list-title">
        <h2 id="token-list-title">Your tokens</h2>
        {tokens.isPending && <p>Loading your tokens…</p>}
        {tokens.isError && (
          <p className="field-error" role="alert">
            {describeError(tokens.error)}
          </p>
        )}
        {tokens.data?.length === 0 && <p>You have no API tokens.</p>}
        {tokens.data && tokens.data.length > 0 && (
          <table className="token-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td>{formatJobTime(token.created_at)}</td>
                  <td>{token.expires_at ? formatJobTime(token.expires_at) : 'Never'}</td>
                  <td>{token.last_used_at ? formatJobTime(token.last_used_at) : 'Not yet'}</td>
                  <td>
                    <ConfirmAction
                      label="Revoke"
                      accessibleLabel={`Revoke ${token.name}`}
                      question={`Revoke “${token.name}”? Anything using it stops working at once.`}
                      confirmLabel="Revoke token"
                      pending={revoke.isPending}
                      onConfirm={(done) => revoke.mutate(token, { onSuccess: done })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {revoke.isError && (
          <p className="field-error" role="alert">
            {describeError(revoke.error)}
          </p>
        )}
      </section>
    </main>
  );
}
