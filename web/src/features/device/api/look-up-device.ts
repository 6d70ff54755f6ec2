import { unwrap } from '@brandgen/client';
import { mutationOptions, useMutation } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';

/** GET /api/auth/device: which device shows this code. Asked when the person submits the code, hence a mutation. */
export const lookUpDeviceMutationOptions = () =>
  mutationOptions({
    mutationFn: (userCode: string) => unwrap(api.GET('/api/auth/device', { params: { query: { user_code: userCode } } })),
  });

export function useLookUpDevice() {
  return useMutation(lookUpDeviceMutationOptions());
}
