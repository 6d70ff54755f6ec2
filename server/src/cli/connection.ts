import { createBrandgenClient, type BrandgenClient } from '@brandgen/client';
import { cliFailureOf, usageFailure } from './cli-failure.ts';
import { CredentialsStore, credentialsPath } from './credentials-store.ts';

/** Where a fresh `npm start` listens. */
export const DEFAULT_SERVER = 'http://127.0.0.1:8080';

export interface Connection {
  server: string;
  token: string | undefined;
  /** Where the token came from, for whoami and for the words of a refusal. */
  tokenSource: 'BRANDGEN_TOKEN' | 'saved sign-in' | 'none';
  client: BrandgenClient;
  store: CredentialsStore;
  /** Runs a call and turns its failure into plain words and an exit code. */
  call<T>(work: (client: BrandgenClient) => Promise<T>): Promise<T>;
}

export interface ConnectionOptions {
  /** --server, which wins over BRANDGEN_SERVER and the server last signed in to. */
  server?: string | undefined;
  environment?: NodeJS.ProcessEnv;
  /** Leaves the saved token out, e.g. for login, which is about to replace it. */
  withoutSavedToken?: boolean;
}

export function normaliseServer(address: string): string {
  let url: URL;
  try {
    url = new URL(address.includes('://') ? address : `http://${address}`);
  } catch {
    throw usageFailure(`"${address}" is not a server address. Give one like http://127.0.0.1:8080 or https://brandgen.example.com.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageFailure(`The server address must start with http:// or https:// (got "${address}").`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export async function openConnection(options: ConnectionOptions = {}): Promise<Connection> {
  const environment = options.environment ?? process.env;
  const store = new CredentialsStore({ file: credentialsPath(environment) });
  const saved = await store.read();
  const named = options.server ?? (environment.BRANDGEN_SERVER?.trim() || undefined) ?? saved.default_server ?? DEFAULT_SERVER;
  const server = normaliseServer(named);
  const environmentToken = environment.BRANDGEN_TOKEN?.trim() || undefined;
  const savedToken = options.withoutSavedToken ? undefined : saved.servers[server]?.token;
  const token = environmentToken ?? savedToken;
  const tokenSource = environmentToken ? 'BRANDGEN_TOKEN' : savedToken ? 'saved sign-in' : 'none';
  const client = createBrandgenClient({ baseUrl: server, token });
  return {
    server,
    token,
    tokenSource,
    client,
    store,
    async call(work) {
      try {
        return await work(client);
      } catch (error) {
        throw cliFailureOf(error, { server, hadToken: token !== undefined });
      }
    },
  };
}
