import type { GroupDirectory } from './identity-provider.ts';

export interface GraphGroupDirectoryOptions {
  /** e.g. https://graph.microsoft.com/v1.0; a national cloud or a test server otherwise. */
  baseUrl: string;
  scope: string;
  applicationToken: (scope: string) => Promise<{ accessToken: string; expiresInSeconds: number }>;
  now?: () => number;
}

/**
 * Microsoft Graph's checkMemberGroups, for users whose token has too many groups to list (the overage).
 * Needs the application permission GroupMember.Read.All (or Directory.Read.All) with admin consent.
 */
export class GraphGroupDirectory implements GroupDirectory {
  private readonly options: GraphGroupDirectoryOptions;
  private token: { value: string; expiresAt: number } | undefined;

  constructor(options: GraphGroupDirectoryOptions) {
    this.options = options;
  }

  async memberGroups(userId: string, groupIds: string[]): Promise<string[]> {
    const response = await fetch(`${this.options.baseUrl}/users/${encodeURIComponent(userId)}/checkMemberGroups`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await this.accessToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ groupIds }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
      if (response.status === 401) this.token = undefined;
      throw new Error(`Microsoft Graph answered checkMemberGroups with ${response.status}`);
    }
    const body = (await response.json()) as { value?: unknown };
    return Array.isArray(body.value) ? body.value.filter((id): id is string => typeof id === 'string') : [];
  }

  private async accessToken(): Promise<string> {
    const now = (this.options.now ?? Date.now)();
    if (this.token && this.token.expiresAt > now) return this.token.value;
    const { accessToken, expiresInSeconds } = await this.options.applicationToken(this.options.scope);
    // Renew a minute early so a token never expires between this check and Graph reading it.
    this.token = { value: accessToken, expiresAt: now + Math.max(0, expiresInSeconds - 60) * 1000 };
    return accessToken;
  }
}
