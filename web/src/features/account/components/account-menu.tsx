import { describeError } from '../../../api/api-error.ts';
import { useCurrentUser } from '../api/get-current-user.ts';
import { useSignOut } from '../api/sign-out.ts';

/** The signed-in person and the way out; nothing in `none` mode, where there is no one to sign out. */
export function AccountMenu() {
  const me = useCurrentUser();
  const leave = useSignOut();
  if (me.data?.auth_mode !== 'oidc') return null;
  return (
    <div className="account-menu">
      <span className="account-name" title={me.data.user.is_admin ? 'Administrator' : undefined}>
        {me.data.user.name}
        {me.data.user.is_admin && <span className="account-badge">admin</span>}
      </span>
      <button type="button" className="button button-secondary" onClick={() => leave.mutate()} disabled={leave.isPending}>
        {leave.isPending ? 'Signing out…' : 'Sign out'}
      </button>
      {leave.isError && (
        <span role="alert" className="account-error">
          {describeError(leave.error)}
        </span>
      )}
    </div>
  );
}
