import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BlobStore, StoredBlob } from './blob-store.ts';

const safeKey = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/**
 * Blobs as files under one folder. A write goes to a temporary file in `.incoming/`, is flushed, then renamed into
 * place, so a file under its key is always whole; what a crash leaves in `.incoming/` is cleared at the next start.
 */
export class DiskBlobStore implements BlobStore {
  private readonly root: string;
  private readonly incoming: string;

  constructor(options: { root: string }) {
    this.root = path.resolve(options.root);
    this.incoming = path.join(this.root, '.incoming');
  }

  /** Clears writes that a crash interrupted. Call once at start, before any write. */
  async clearInterruptedWrites(): Promise<void> {
    await rm(this.incoming, { recursive: true, force: true });
    await mkdir(this.incoming, { recursive: true });
  }

  async put(key: string, data: Uint8Array, contentType: string): Promise<void> {
    await this.putStream(key, [data], contentType);
  }

  async putStream(key: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, _contentType: string): Promise<void> {
    const file = this.pathOf(key);
    const temporary = path.join(this.incoming, `${randomUUID()}.partial`);
    // The folders usually exist: they are made when a write finds one missing, not checked before every write.
    const handle = await whereFolderMissing(() => open(temporary, 'w'), this.incoming);
    try {
      for await (const chunk of source) await handle.write(chunk);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(temporary, { force: true });
      throw error;
    }
    await handle.close();
    await whereFolderMissing(() => rename(temporary, file), path.dirname(file));
  }

  async open(key: string): Promise<StoredBlob | undefined> {
    const file = this.pathOf(key);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    return { stream: createReadStream(file), byteSize: info.size };
  }

  async exists(key: string): Promise<boolean> {
    const info = await stat(this.pathOf(key)).catch(() => undefined);
    return info?.isFile() ?? false;
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    return readFile(this.pathOf(key)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async ping(): Promise<void> {
    await mkdir(this.root, { recursive: true });
  }

  /** Keys come from our own code, but a strict pattern keeps any future caller from escaping the root. */
  private pathOf(key: string): string {
    if (!safeKey.test(key) || key.split('/').some((part) => part === '..')) {
      throw new Error(`Invalid blob key: ${key}`);
    }
    return path.join(this.root, ...key.split('/'));
  }
}

/** Runs a file operation, and once more after making `folder` if it failed because the folder was missing. */
async function whereFolderMissing<T>(operation: () => Promise<T>, folder: string): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(folder, { recursive: true });
    return operation();
  }
}
