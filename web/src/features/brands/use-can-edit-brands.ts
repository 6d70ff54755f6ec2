import { useCurrentUser } from '../account/api/get-current-user.ts';

/** Only administrators change brands (in `none` mode the local user is one); everyone with access reads them. */
export function useCanEditBrands(): boolean {
  const me = useCurrentUser();
  return me.data?.user.is_admin ?? false;
}
