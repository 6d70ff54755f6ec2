import { unwrap } from '@brandgen/client';
import { mutationOptions, useMutation } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';

/** POST /api/auth/sign-out, then the signed-out page: nothing of the session is left to refresh. */
export const signOutMutationOptions = () =>
  mutationOptions({
    mutationFn: () => unwrap(api.POST('/api/auth/sign-out')),
    onSuccess: () => window.location.assign('/auth/signed-out'),
  });

export function useSignOut() {
  return useMutation(signOutMutationOptions());
}
