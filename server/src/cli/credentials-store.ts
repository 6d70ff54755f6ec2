import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface SavedCredential {
  token: string;
  user_name: string;
  saved_at: string;
}

interface CredentialsFile {
  /** The server `brandgen` talks to when neither --server nor BRANDGEN_SERVER names one: the last signed in to. */
  default_server?: string;
  servers: Record<string, SavedCredential>;
}

/** `$XDG_CONFIG_HOME/brandgen/credentials.json`, or `~/.config/brandgen/credentials.json`. */
export function credentialsPath(environment: NodeJS.ProcessEnv = process.env): string {
  const configHome = environment.XDG_CONFIG_HOME?.trim() || path.join(os.homedir(), '.config');
  return path.join(configHome, 'brandgen', 'credentials.json');
}

/** Tokens saved by `brandgen login`, one per server, readable by the user alone (mode 0600, folder 0700). */
export class CredentialsStore {
  readonly file: string;

  constructor(options: { file: string }) {
    this.file = options.file;
  }

  async read(): Promise<CredentialsFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { servers: {} };
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as Partial<CredentialsFile>;
      return { ...parsed, servers: parsed.servers ?? {} };
    } catch {
      // A file damaged by hand is treated as empty rather than stopping every command; login rewrites it.
      return { servers: {} };
    }
  }

  async save(server: string, credential: SavedCredential): Promise<void> {
    const current = await this.read();
    await this.write({ default_server: server, servers: { ...current.servers, [server]: credential } });
  }

  async forget(server: string): Promise<boolean> {
    const current = await this.read();
    if (!(server in current.servers)) return false;
    const servers = { ...current.servers };
    delete servers[server];
    const defaultServer = current.default_server === server ? undefined : current.default_server;
    await this.write({ ...(defaultServer !== undefined && { default_server: defaultServer }), servers });
    return true;
  }

  /** Written to a private temporary file and renamed, so a crash never leaves half a file or a readable token. */
  private async write(contents: CredentialsFile): Promise<void> {
    const folder = path.dirname(this.file);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(contents, null, 2)}\n`, { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, this.file);
  }
}
