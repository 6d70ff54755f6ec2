import type { Readable } from 'node:stream';

export interface StoredBlob {
  stream: Readable;
  byteSize: number;
}

/** Where image bytes live. Keys are slash-separated paths such as `jobs/{id}/0.png`. */
export interface BlobStore {
  /** Writes all or nothing: a reader never sees half a file, even after a crash mid-write. */
  put(key: string, data: Uint8Array, contentType: string): Promise<void>;
  /**
   * Writes a large file as it arrives, all or nothing like `put`, holding only a chunk at a time. The source may
   * throw to abandon the write (a file found too large or of the wrong kind); then nothing is stored.
   */
  putStream(key: string, source: AsyncIterable<Uint8Array>, contentType: string): Promise<void>;
  open(key: string): Promise<StoredBlob | undefined>;
  exists(key: string): Promise<boolean>;
  read(key: string): Promise<Uint8Array | undefined>;
  delete(key: string): Promise<void>;
  /** Resolves when the store answers (readiness). */
  ping(): Promise<void>;
  /**
   * A link a browser can fetch the blob from directly, valid for a limited time, or undefined when the
   * store has none (local disk, or signed links turned off) and the API streams the bytes itself.
   */
  signedUrl?(key: string, options: { downloadName: string }): Promise<string | undefined>;
  /** The origin signed links point at, when there are any, so pages may be allowed to load images from it. */
  readonly signedUrlOrigin?: string | undefined;
}
