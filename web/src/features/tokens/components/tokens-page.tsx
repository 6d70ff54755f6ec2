import { useCurrentUser } from '../../account/api/get-current-user.ts';
import '../../../ui/identity.css';
import { NewTokenForm } from './new-token-form.tsx';
import { TokenList } from './token-list.tsx';

/** Personal API tokens for scripts, the CLI and the Figma plugin: create (shown once), see last use, revoke. */
export function ApiTokensPage() {
  const me = useCurrentUser();
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
      <NewTokenForm />
      <TokenList />
    </main>
  );
}
