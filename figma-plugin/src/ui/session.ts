import { createBrandgenClient, type BrandgenClient } from '@brandgen/client';
import { loadToken, sendToMain } from './figma-bridge.ts';

/** The server the plugin talks to, baked into ui.html by the build (or by the server's ZIP). */
export function serverOrigin(): string {
  const config = document.getElementById('brandgen-config')?.textContent ?? '{}';
  const server = (JSON.parse(config) as { server?: string }).server;
  return (server ?? 'http://localhost:8080').replace(/\/+$/, '');
}

/** One Brandgen server, its client and the API token this Figma user signed in with (kept in clientStorage). */
export class Session {
  readonly server: string;
  readonly client: BrandgenClient;
  private token: string | null = null;

  constructor(server: string) {
    this.server = server;
    this.client = createBrandgenClient({ baseUrl: server, token: () => this.token ?? undefined });
  }

  async restore(): Promise<void> {
    this.token = await loadToken(this.server);
  }

  get signedIn(): boolean {
    return this.token !== null;
  }

  remember(token: string): void {
    this.token = token;
    sendToMain({ type: 'save-token', server: this.server, token });
  }

  forget(): void {
    this.token = null;
    sendToMain({ type: 'forget-token', server: this.server });
  }

  /**
   * Signs out for good: the token is revoked on the server (RFC 7009, `POST /api/auth/revoke`) and forgotten here.
   * Forgetting does not wait for the server, so signing out works offline too; the token then lives until revoked on
   * the API tokens page.
   */
  async signOut(): Promise<void> {
    const token = this.token;
    this.forget();
    if (token === null) return;
    await this.client.api.POST('/api/auth/revoke', { body: { token } }).catch(() => undefined);
  }

  /** A page of the web app, opened in the browser by Figma. */
  open(path: string): void {
    this.openUrl(`${this.server}${path}`);
  }

  openUrl(url: string): void {
    sendToMain({ type: 'open-external', url });
  }
}
