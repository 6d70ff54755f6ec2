import { useQuery } from '@tanstack/react-query';
import { currentUserKey, getCurrentUser } from '../../api/identity.ts';

/** Only administrators change brands (in `none` mode the local user is one); everyone with access reads them. */
export function useCanEditBrands(): boolean {
  const me = useQuery({ queryKey: currentUserKey, queryFn: ({ signal }) => getCurrentUser(signal), staleTime: 60_000 });
  return me.data?.user.is_admin ?? false;
}
