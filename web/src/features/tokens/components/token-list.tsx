import { describeError } from '../../../api/api-error.ts';
import { formatJobTime } from '../../../format/format-job-time.ts';
import { ConfirmAction } from '../../../ui/confirm-action.tsx';
import { useApiTokens } from '../api/list-tokens.ts';
import { useRevokeToken } from '../api/revoke-token.ts';

/** The user's tokens with when each was made, expires and was last used; each can be revoked after a confirmation. */
export function TokenList() {
  const tokens = useApiTokens();
  const revoke = useRevokeToken();
  return (
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
                    onConfirm={(done) => revoke.mutate(token.id, { onSuccess: done })}
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
  );
}
