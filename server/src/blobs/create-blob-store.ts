import path from 'node:path';
import type { Config } from '../config/config.ts';
import type { BlobStore } from './blob-store.ts';
import { DiskBlobStore } from './disk-blob-store.ts';

/** Local disk in the data folder, or Azure Blob when an Azure account is configured. */
export async function createBlobStore(config: Config): Promise<BlobStore> {
  // Loaded only when configured: the Azure SDK and identity libraries are large.
  if (config.azure) {
    return (await import('./azure-blob-store.ts')).AzureBlobStore.connect({ ...config.azure, privateLinks: config.auth.mode === 'oidc' });
  }
  const disk = new DiskBlobStore({ root: path.join(config.dataDirectory, 'images') });
  await disk.clearInterruptedWrites();
  return disk;
}
