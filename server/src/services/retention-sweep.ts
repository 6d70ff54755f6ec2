import type { BlobStore } from '../blobs/blob-store.ts';
import type { LibraryRepository } from '../db/library-repository.ts';
import type { LibraryImage } from '../domain/library-image.ts';
import type { Clock } from './clock.ts';
import { largeThumbnailBlobKey } from './thumbnail-keys.ts';

export interface RetentionSweepOptions {
  library: LibraryRepository;
  blobs: BlobStore;
  clock: Clock;
  /** Told about every job whose images were removed, so cached answers are dropped. */
  onJobChanged: (jobId: string) => void;
  /** Called as an image's files are about to go, so caches stop serving it. */
  onImageDeleted?: (image: LibraryImage) => void;
  batchSize?: number;
}

export interface SweepResult {
  deleted: number;
  /** Set when the sweep stopped early because its signal was aborted. */
  interrupted: boolean;
}

/**
 * Removes expired non-favorite images, files and rows together. Each image goes in three steps:
 * (1) one transaction hides its row and marks its job slot expired; (2) its files are deleted; (3) one transaction
 * deletes the row. Stopping anywhere leaves, at worst, a hidden row whose files may already be gone; the next sweep
 * finishes those first. No file ever loses its row, since the row goes last, and no visible row loses its file.
 */
export class RetentionSweep {
  private readonly options: Required<Omit<RetentionSweepOptions, 'onImageDeleted'>> & Pick<RetentionSweepOptions, 'onImageDeleted'>;
  private running: Promise<SweepResult> | undefined;

  constructor(options: RetentionSweepOptions) {
    this.options = { batchSize: 100, ...options };
  }

  /** Runs one sweep; a call during a running sweep joins it rather than starting a second. */
  run(signal?: AbortSignal): Promise<SweepResult> {
    this.running ??= this.sweep(signal).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Resolves once no sweep is running. */
  async settled(): Promise<void> {
    await this.running;
  }

  private async sweep(signal: AbortSignal | undefined): Promise<SweepResult> {
    const { library, clock, batchSize } = this.options;
    let deleted = 0;
    // Deletions an earlier sweep began and did not finish.
    for (;;) {
      const unfinished = await library.listDeleting(batchSize);
      if (unfinished.length === 0) break;
      for (const image of unfinished) {
        if (signal?.aborted) return { deleted, interrupted: true };
        await this.removeFilesAndRow(image);
        deleted += 1;
      }
    }
    for (;;) {
      const now = clock.now();
      const expired = await library.listExpired(now, batchSize);
      if (expired.length === 0) return { deleted, interrupted: false };
      for (const image of expired) {
        if (signal?.aborted) return { deleted, interrupted: true };
        // Re-checked in the transaction: an image starred since the listing is kept.
        if (!(await library.beginDeletion(image, clock.now(), now))) continue;
        this.options.onJobChanged(image.jobId);
        await this.removeFilesAndRow(image);
        deleted += 1;
      }
    }
  }

  private async removeFilesAndRow(image: LibraryImage): Promise<void> {
    const { blobs, library } = this.options;
    this.options.onImageDeleted?.(image);
    await blobs.delete(image.thumbnailKey);
    await blobs.delete(largeThumbnailBlobKey(image.thumbnailKey));
    await blobs.delete(image.blobKey);
    await library.finishDeletion(image);
    this.options.onJobChanged(image.jobId);
  }
}
