import { Readable } from 'node:stream';
import { DefaultAzureCredential } from '@azure/identity';
import {
  BlobSASPermissions,
  BlobServiceClient,
  SASProtocol,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters,
  type BlobSASSignatureValues,
  type ContainerClient,
  type UserDelegationKey,
} from '@azure/storage-blob';
import type { BlobStore, StoredBlob } from './blob-store.ts';

export interface AzureBlobStoreOptions {
  /** An account key connection string (also Azurite's), or else `accountUrl` with a managed identity. */
  connectionString?: string | undefined;
  accountUrl?: string | undefined;
  container: string;
  /** How long a signed link stays valid; 0 turns signed links off and the API streams images itself. */
  sasTtlSeconds: number;
  /** With sign-in on, a signed link's answer may be kept by the browser only, never by a shared cache. */
  privateLinks?: boolean | undefined;
}

// Clocks differ between us and Azure; a link valid from a few minutes ago works on a storage clock that is behind.
const CLOCK_SKEW_MS = 5 * 60_000;

/** Block size of streamed uploads: two in flight keep memory near 16 MiB whatever the file's size. */
const UPLOAD_BLOCK_BYTES = 8 * 1024 * 1024;

/**
 * Images in one private Azure Blob container. Browsers get read-only SAS links for a single blob that expire;
 * the account key never leaves the server (a link carries only a signature made with it).
 */
export class AzureBlobStore implements BlobStore {
  private readonly service: BlobServiceClient;
  private readonly container: ContainerClient;
  private readonly sasTtlSeconds: number;
  private readonly linkCacheControl: string | undefined;
  private readonly sharedKey: StorageSharedKeyCredential | undefined;
  private delegationKey: { key: UserDelegationKey; refreshAfter: number } | undefined;
  readonly signedUrlOrigin: string | undefined;

  private constructor(options: AzureBlobStoreOptions & { service: BlobServiceClient }) {
    const { service } = options;
    this.service = service;
    this.container = service.getContainerClient(options.container);
    this.sasTtlSeconds = options.sasTtlSeconds;
    // The blob itself is stored as public and immutable; a signed link can override that header for its own answer.
    this.linkCacheControl = options.privateLinks ? 'private, max-age=31536000, immutable' : undefined;
    this.sharedKey = service.credential instanceof StorageSharedKeyCredential ? service.credential : undefined;
    this.signedUrlOrigin = options.sasTtlSeconds > 0 ? new URL(service.url).origin : undefined;
  }

  /** Connects and creates the container (private: no anonymous access) when it does not exist yet. */
  static async connect(options: AzureBlobStoreOptions): Promise<AzureBlobStore> {
    const service = options.connectionString
      ? BlobServiceClient.fromConnectionString(options.connectionString)
      : new BlobServiceClient(options.accountUrl!, new DefaultAzureCredential());
    const store = new AzureBlobStore({ ...options, service });
    await store.container.createIfNotExists();
    return store;
  }

  async put(key: string, data: Uint8Array, contentType: string): Promise<void> {
    // One Put Blob request: the blob appears whole or not at all.
    await this.container.getBlockBlobClient(key).uploadData(data, {
      blobHTTPHeaders: { blobContentType: contentType, blobCacheControl: 'public, max-age=31536000, immutable' },
    });
  }

  /** Staged blocks are committed only at the end, so an abandoned upload leaves no blob (Azure drops the blocks). */
  async putStream(key: string, source: AsyncIterable<Uint8Array>, contentType: string): Promise<void> {
    await this.container.getBlockBlobClient(key).uploadStream(Readable.from(source), UPLOAD_BLOCK_BYTES, 2, {
      blobHTTPHeaders: { blobContentType: contentType },
    });
  }

  async open(key: string): Promise<StoredBlob | undefined> {
    try {
      const download = await this.container.getBlobClient(key).download();
      return { stream: download.readableStreamBody as Readable, byteSize: download.contentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    return this.container.getBlobClient(key).exists();
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await this.container.getBlobClient(key).downloadToBuffer());
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.container.getBlobClient(key).deleteIfExists();
  }

  async ping(): Promise<void> {
    await this.container.getProperties();
  }

  async signedUrl(key: string, options: { downloadName: string }): Promise<string | undefined> {
    if (this.sasTtlSeconds === 0) return undefined;
    const now = Date.now();
    const blob = this.container.getBlobClient(key);
    const values: BlobSASSignatureValues = {
      containerName: this.container.containerName,
      blobName: key,
      permissions: BlobSASPermissions.parse('r'),
      startsOn: new Date(now - CLOCK_SKEW_MS),
      expiresOn: new Date(now + this.sasTtlSeconds * 1000),
      // Azurite and other local endpoints speak plain HTTP; Azure itself is always reached over HTTPS.
      protocol: blob.url.startsWith('https:') ? SASProtocol.Https : SASProtocol.HttpsAndHttp,
      contentDisposition: `attachment; filename="${options.downloadName}"`,
      ...(this.linkCacheControl && { cacheControl: this.linkCacheControl }),
    };
    const query = this.sharedKey
      ? generateBlobSASQueryParameters(values, this.sharedKey)
      : generateBlobSASQueryParameters(values, await this.userDelegationKey(now), this.service.accountName);
    return `${blob.url}?${query.toString()}`;
  }

  /** With a managed identity there is no account key: links are signed with a user delegation key, reused while fresh. */
  private async userDelegationKey(now: number): Promise<UserDelegationKey> {
    if (this.delegationKey && now < this.delegationKey.refreshAfter) return this.delegationKey.key;
    const validMs = Math.max(2 * 3_600_000, this.sasTtlSeconds * 1000 + 3_600_000);
    const key = await this.service.getUserDelegationKey(new Date(now - CLOCK_SKEW_MS), new Date(now + validMs));
    // Renew well before the key expires, so every link made with it lives its full time.
    this.delegationKey = { key, refreshAfter: now + validMs - this.sasTtlSeconds * 1000 - CLOCK_SKEW_MS };
    return key;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number })?.statusCode === 404;
}
