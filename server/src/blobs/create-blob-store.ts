import path from 'node:path';
import type { Config } from '../config/config.ts';
import { AzureBlobStore } from './azure-blob-store.ts';
import type { BlobStore } from './blob-store.ts';
import { DiskBlobStore } from './disk-blob-store.ts';

/** Local disk in the data folder, or Azure Blob when an Azure account is configured. */
export async function createBlobStore(config: Config): Promise<BlobStore> {
  if (config.azure) return AzureBlobStore.connect(config.azure);
  const disk = new DiskBlobStore(path.join(config.dataDirectory, 'images'));
  await disk.clearInterruptedWrites();
  return disk;
}
