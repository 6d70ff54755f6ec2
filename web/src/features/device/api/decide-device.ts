import { unwrap } from '@brandgen/client';
import { mutationOptions, useMutation } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';

/** POST /api/auth/device/approve: allow or deny the device; answers with the decision taken. */
export const decideDeviceMutationOptions = () =>
  mutationOptions({
    mutationFn: async ({ userCode, approve }: { userCode: string; approve: boolean }) => {
      await unwrap(api.POST('/api/auth/device/approve', { body: { user_code: userCode, approve } }));
      return approve;
    },
  });

export function useDecideDevice() {
  return useMutation(decideDeviceMutationOptions());
}
