import { request } from './client.ts';

/** Sign-in, personal API tokens and device approval, as in docs/api.md. */

export interface CurrentUser {
  auth_mode: 'none' | 'oidc';
  user: { id: string; name: string; is_admin: boolean; via: string };
  csrf_token: string | null;
}

export interface ApiToken {
  id: string;
  name: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}

export const currentUserKey = ['me'] as const;
export const apiTokensKey = ['api-tokens'] as const;

export const getCurrentUser = (signal?: AbortSignal) => request<CurrentUser>('/api/auth/me', { signal });

export const signOut = () => request<void>('/api/auth/sign-out', { method: 'POST' });

export async function listApiTokens(signal?: AbortSignal): Promise<ApiToken[]> {
  return (await request<{ tokens: ApiToken[] }>('/api/tokens', { signal })).tokens;
}

export function createApiToken(input: { name: string; expires_at: string | null }): Promise<ApiToken & { token: string }> {
  return request('/api/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
}

export const revokeApiToken = (id: string) => request<void>(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });

export function lookUpDevice(userCode: string): Promise<{ user_code: string; client_name: string }> {
  return request(`/api/auth/device?${new URLSearchParams({ user_code: userCode }).toString()}`);
}

export function decideDevice(userCode: string, approve: boolean): Promise<void> {
  return request('/api/auth/device/approve', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user_code: userCode, approve }),
  });
}
