import { unwrap } from '@brandgen/client';
import { api } from './client.ts';

/** Sign-in, personal API tokens and device approval, as in docs/api.md. */

export const currentUserKey = ['me'] as const;
export const apiTokensKey = ['api-tokens'] as const;

export const getCurrentUser = (signal?: AbortSignal) => unwrap(api.GET('/api/auth/me', { signal }));

export const signOut = () => unwrap(api.POST('/api/auth/sign-out'));

export async function listApiTokens(signal?: AbortSignal) {
  return (await unwrap(api.GET('/api/tokens', { signal }))).tokens;
}

export function createApiToken(input: { name: string; expires_at: string | null }) {
  return unwrap(api.POST('/api/tokens', { body: input }));
}

export const revokeApiToken = (id: string) => unwrap(api.DELETE('/api/tokens/{id}', { params: { path: { id } } }));

export function lookUpDevice(userCode: string) {
  return unwrap(api.GET('/api/auth/device', { params: { query: { user_code: userCode } } }));
}

export function decideDevice(userCode: string, approve: boolean) {
  return unwrap(api.POST('/api/auth/device/approve', { body: { user_code: userCode, approve } }));
}
