import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './server-process.ts';

const AZURITE_BLOB = path.resolve(import.meta.dirname, '../../../node_modules/azurite/dist/src/blob/main.js');
// Azurite's documented development account; it is public and only ever valid against the emulator.
const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteServer {
  connectionString: string;
  blobEndpoint: string;
  stop(): Promise<void>;
}

/** Real Azurite (the Azure Storage emulator from npm) on a free port, keeping blobs in memory. */
export async function startAzurite(): Promise<AzuriteServer> {
  const port = await freePort();
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'brandgen-azurite-'));
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [
      AZURITE_BLOB,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
      '--inMemoryPersistence',
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--silent',
    ],
    // Azurite writes its debug log to the working folder even in memory mode; keep that out of the repository.
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: workspace },
  );
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const blobEndpoint = `http://127.0.0.1:${port}/${DEV_ACCOUNT}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Azurite exited with ${child.exitCode}:\n${output}`);
    // Any HTTP answer (400 for a bare GET) means it listens.
    const up = await fetch(blobEndpoint).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Azurite did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_ACCOUNT_KEY};BlobEndpoint=${blobEndpoint};`,
    blobEndpoint,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(workspace, { recursive: true, force: true });
    },
  };
}
