import { LRUCache } from 'lru-cache';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { JobRepository } from '../db/job-repository.ts';
import type { LibraryRepository } from '../db/library-repository.ts';
import type { Job, JobSlot } from '../domain/job.ts';
import {
  cursorAfter,
  expiryOf,
  parseCursor,
  type ImageRefinement,
  type LibraryFilter,
  type LibraryImage,
  type LibraryOrder,
  type StoredThumbnail,
} from '../domain/library-image.ts';
import { LARGE_THUMBNAIL_SIZE, makeLargeThumbnail, makeThumbnail, THUMBNAIL_SIZE } from '../images/thumbnail.ts';
import type { ZipEntry } from '../images/zip-stream.ts';
import { largeThumbnailBlobKey, thumbnailBlobKey } from './thumbnail-keys.ts';
import type { Clock } from './clock.ts';
import type { EditRequest, GenerationService } from './generation-service.ts';
import { NotFoundError, ValidationError } from './errors.ts';

export interface LibraryServiceOptions {
  library: LibraryRepository;
  jobs: JobRepository;
  blobs: BlobStore;
  clock: Clock;
  /** Days a non-favorite image is kept; 0 keeps every image. */
  retentionDays: number;
}

export interface LibraryPage {
  images: LibraryImage[];
  nextCursor: string | null;
}

export interface ThumbnailDownload {
  bytes: Uint8Array;
  etag: string;
}

/**
 * Thumbnails kept in memory: a History page asks for a hundred of them at once, and reading each file costs several
 * trips through the file-system thread pool, which on a busy machine took longer than everything else in the request.
 * Bounded by bytes; entries live a minute, so an image deleted by another process's retention sweep is not served
 * much longer than its file (browsers keep thumbnails for good anyway: they never change under an image id).
 */
const THUMBNAIL_CACHE_BYTES = 16 * 1024 * 1024;
const THUMBNAIL_CACHE_TTL_MS = 60_000;

export type ThumbnailSize = typeof THUMBNAIL_SIZE | typeof LARGE_THUMBNAIL_SIZE;

/** The user's image library: every stored image with its thumbnail, searchable, starrable, and removed when it expires. */
export class LibraryService {
  private readonly options: LibraryServiceOptions;
  private readonly jobListeners = new Set<(jobId: string) => void>();
  /**
   * Owner, file and ETag of recently listed images. A History page asks for a hundred thumbnails right after the
   * list, and these fields never change for an image id, so the thumbnail requests need no query. An image deleted
   * since simply has no file any more and answers 404.
   */
  private readonly thumbnails = new LRUCache<string, { userId: string; key: string; etag: string }>({ max: 5_000 });
  private readonly thumbnailBytes = new LRUCache<string, Uint8Array>({
    maxSize: THUMBNAIL_CACHE_BYTES,
    sizeCalculation: (bytes) => Math.max(1, bytes.byteLength),
    ttl: THUMBNAIL_CACHE_TTL_MS,
  });

  constructor(options: LibraryServiceOptions) {
    this.options = options;
  }

  /** Calls `listener` with the id of any job whose images change (starred, removed), so caches can drop it. */
  onJobChanged(listener: (jobId: string) => void): () => void {
    this.jobListeners.add(listener);
    return () => this.jobListeners.delete(listener);
  }

  notifyJobChanged(jobId: string): void {
    for (const listener of this.jobListeners) listener(jobId);
  }

  /** Makes and writes the thumbnail of an image about to be filed. */
  private async storeThumbnail(bytes: Uint8Array): Promise<StoredThumbnail> {
    const { blobs, clock } = this.options;
    const imageId = clock.newId();
    const thumbnail = await makeThumbnail(bytes);
    const key = thumbnailBlobKey(imageId);
    await blobs.put(key, thumbnail.webp, 'image/webp');
    return { imageId, key, etag: thumbnail.etag, placeholder: thumbnail.placeholder };
  }

  /** Removes a thumbnail whose image was never filed. */
  private async discardThumbnail(thumbnail: StoredThumbnail): Promise<void> {
    await this.options.blobs.delete(thumbnail.key);
  }

  /**
   * Files a stored job image: its thumbnail and placeholder (from the preview its brand-fit score decoded), then its
   * library row, with the score. Idempotent: a second filing of the same slot keeps the first.
   */
  async addJobImage(job: Job, slot: JobSlot, bytes: Uint8Array): Promise<LibraryImage> {
    const { library, retentionDays } = this.options;
    if (!slot.blobKey) throw new Error(`Slot ${slot.slot} of job ${job.id} has no stored image.`);
    // The thumbnail is written first: a row is never visible without its thumbnail.
    const { imageId, key, etag, placeholder } = await this.storeThumbnail(bytes);
    const createdAt = slot.completedAt ?? this.options.clock.now();
    const stored = await library.insert({
      id: imageId,
      userId: job.userId,
      jobId: job.id,
      slot: slot.slot,
      prompt: job.prompt,
      model: job.model,
      assetType: stringSetting(job.settings, 'assetType'),
      projectId: stringSetting(job.settings, 'projectId'),
      parentId: stringSetting(job.settings, 'parentImageId'),
      refinement: refinementOf(job),
      seed: slot.seed,
      width: slot.width ?? 0,
      height: slot.height ?? 0,
      blobKey: slot.blobKey,
      thumbnailKey: key,
      thumbnailEtag: etag,
      placeholder,
      favorite: false,
      createdAt,
      expiresAt: expiryOf(createdAt, false, retentionDays),
      brandFit: slot.brandFit ?? null,
      brand: job.brand,
    });
    // Another writer filed this slot first: our thumbnail is surplus.
    if (stored.id !== imageId) await this.discardThumbnail({ imageId, key, etag, placeholder });
    return stored;
  }

  /** Files stored job images that a crash kept out of the library. */
  async fileMissingImages(batchSize = 200): Promise<number> {
    const { library, jobs, blobs } = this.options;
    let filed = 0;
    for (;;) {
      const missing = await library.listMissingSlots(batchSize);
      if (missing.length === 0) return filed;
      let progressed = false;
      for (const { jobId, slot: slotNumber } of missing) {
        const job = await jobs.findById(jobId);
        const slot = job?.slots.find((candidate) => candidate.slot === slotNumber);
        const bytes = slot?.blobKey ? await blobs.read(slot.blobKey) : undefined;
        if (!job || !slot || !bytes) continue;
        await this.addJobImage(job, slot, bytes);
        filed += 1;
        progressed = true;
      }
      if (!progressed) return filed;
    }
  }

  async list(
    userId: string,
    filter: LibraryFilter,
    limit: number,
    cursor: string | undefined,
    order: LibraryOrder = 'newest',
  ): Promise<LibraryPage> {
    const after = cursor === undefined ? undefined : parseCursor(cursor, order);
    if (cursor !== undefined && after === undefined) {
      throw new ValidationError([{ field: 'cursor', message: 'Use the next_cursor value of the previous page, with the same sort.' }]);
    }
    const rows = await this.options.library.list(userId, filter, { limit: limit + 1, order, ...(after && { after }) });
    const images = rows.slice(0, limit);
    for (const image of images) {
      this.thumbnails.set(image.id, { userId: image.userId, key: image.thumbnailKey, etag: image.thumbnailEtag });
    }
    return { images, nextCursor: rows.length > limit ? cursorAfter(images.at(-1)!, order) : null };
  }

  async get(userId: string, id: string): Promise<LibraryImage> {
    const image = await this.options.library.findById(userId, id);
    // Another user's image answers exactly like a missing one.
    if (!image) throw new NotFoundError('There is no image with this id.');
    return image;
  }

  /**
   * Variations of an image: a new job with its prompt and model and new seeds, whose images are its children; with a
   * strength, redrawn from the image itself by a model that can.
   */
  async startVariations(
    userId: string,
    id: string,
    strength: number | undefined,
    generation: GenerationService,
    brandId?: string,
  ): Promise<Job> {
    const image = await this.get(userId, id);
    // The preset and brand version live on the job that made the image; a job already gone leaves the defaults.
    const job = await this.options.jobs.findById(image.jobId);
    return generation.vary({ userId, source: image, strength, preset: job?.settings.preset, brandId, brandOf: job?.brand });
  }

  /** Edits of an image that follow an instruction; they become its children and stay in its project. */
  async startEdit(userId: string, id: string, edit: Omit<EditRequest, 'userId' | 'source'>, generation: GenerationService): Promise<Job> {
    const image = await this.get(userId, id);
    // Without a preset asked for, edits keep the quality the image was made with, as variations do.
    const job = await this.options.jobs.findById(image.jobId);
    const preset = edit.preset ?? job?.settings.preset;
    return generation.edit({ userId, source: image, ...edit, preset, brandOf: job?.brand });
  }

  async setFavorite(userId: string, id: string, favorite: boolean): Promise<LibraryImage> {
    const image = await this.get(userId, id);
    const expiresAt = expiryOf(image.createdAt, favorite, this.options.retentionDays);
    if (!(await this.options.library.setFavorite(userId, id, favorite, expiresAt))) {
      throw new NotFoundError('There is no image with this id.');
    }
    this.notifyJobChanged(image.jobId);
    return { ...image, favorite, expiresAt };
  }

  /**
   * Deletes an image the user asked to delete, starred or not, in the retention sweep's three steps (hide the row and
   * its slot, remove the files, remove the row), so a stop midway leaves a hidden row the next sweep finishes.
   */
  async delete(userId: string, id: string): Promise<void> {
    const image = await this.get(userId, id);
    if (!(await this.options.library.beginDeletion(image, this.options.clock.now()))) {
      throw new NotFoundError('There is no image with this id.');
    }
    this.forgetImage(image);
    this.notifyJobChanged(image.jobId);
    await this.options.blobs.delete(image.thumbnailKey);
    await this.options.blobs.delete(largeThumbnailBlobKey(image.thumbnailKey));
    await this.options.blobs.delete(image.blobKey);
    await this.options.library.finishDeletion(image);
    this.notifyJobChanged(image.jobId);
  }

  /** The files of several images for one archive, in the order asked; every image must exist and be stored. */
  async archiveEntries(userId: string, ids: readonly string[]): Promise<ZipEntry[]> {
    const unique = [...new Set(ids)];
    const found = new Map((await this.options.library.findManyByIds(userId, unique)).map((image) => [image.id, image]));
    const images = unique.flatMap((id) => found.get(id) ?? []);
    const stored = await Promise.all(images.map((image) => this.options.blobs.exists(image.blobKey)));
    const missing = unique.length - stored.filter(Boolean).length;
    if (missing > 0) {
      throw new NotFoundError(missing === 1 ? 'One of these images no longer exists.' : `${missing} of these images no longer exist.`);
    }
    return images.map((image, index) => this.archiveEntry(image, index));
  }

  /** Every image of these jobs that is still in the library, job by job. */
  async archiveEntriesOfJobs(userId: string, jobIds: readonly string[]): Promise<ZipEntry[]> {
    const images = await this.options.library.listByJobIds(userId, jobIds);
    const order = new Map(jobIds.map((jobId, index) => [jobId, index]));
    images.sort((a, b) => order.get(a.jobId)! - order.get(b.jobId)! || a.slot - b.slot);
    return images.map((image, index) => this.archiveEntry(image, index));
  }

  private archiveEntry(image: LibraryImage, index: number): ZipEntry {
    return {
      name: `${String(index + 1).padStart(3, '0')}-${slug(image.prompt)}-${image.id.slice(-8)}.png`,
      mtime: new Date(image.createdAt),
      open: async () => {
        const blob = await this.options.blobs.open(image.blobKey);
        if (!blob) throw new Error(`The image ${image.id} was removed while the archive was being written.`);
        return blob.stream;
      },
    };
  }

  async openThumbnail(userId: string, id: string, size: ThumbnailSize = THUMBNAIL_SIZE): Promise<ThumbnailDownload> {
    let known = this.thumbnails.get(id);
    if (!known || known.userId !== userId) {
      const image = await this.get(userId, id);
      known = { userId: image.userId, key: image.thumbnailKey, etag: image.thumbnailEtag };
    }
    if (size === LARGE_THUMBNAIL_SIZE) return this.openLargeThumbnail(userId, id, known);
    let bytes = this.thumbnailBytes.get(known.key);
    if (!bytes) {
      bytes = await this.options.blobs.read(known.key);
      if (!bytes) throw new NotFoundError('There is no image with this id.');
      this.thumbnailBytes.set(known.key, bytes);
    }
    return { bytes, etag: known.etag };
  }

  /**
   * The 512 px thumbnail: made from the stored image the first time it is asked for and kept beside the 256 px one,
   * so screens that show only 256 px thumbnails never pay for it. Its ETag is the small one's, marked with the size.
   */
  private async openLargeThumbnail(userId: string, id: string, known: { key: string; etag: string }): Promise<ThumbnailDownload> {
    const key = largeThumbnailBlobKey(known.key);
    let bytes = this.thumbnailBytes.get(key) ?? (await this.options.blobs.read(key));
    if (!bytes) {
      const image = await this.get(userId, id);
      const png = await this.options.blobs.read(image.blobKey);
      if (!png) throw new NotFoundError('There is no image with this id.');
      bytes = await makeLargeThumbnail(png);
      await this.options.blobs.put(key, bytes, 'image/webp');
    }
    this.thumbnailBytes.set(key, bytes);
    return { bytes, etag: known.etag.replace(/"$/u, `-${LARGE_THUMBNAIL_SIZE}"`) };
  }

  /** The thumbnail of a job's image n: there once the image is filed in the library, a moment after it is stored. */
  async openJobThumbnail(userId: string, jobId: string, n: number, size: ThumbnailSize = THUMBNAIL_SIZE): Promise<ThumbnailDownload> {
    const image = (await this.options.library.listByJobIds(userId, [jobId])).find((entry) => entry.slot === n);
    if (!image) throw new NotFoundError('This image has no thumbnail (yet): it is not in the library.');
    return this.openThumbnail(userId, image.id, size);
  }

  /** Drops what is cached of an image that is being deleted, so this process stops serving it at once. */
  forgetImage(image: { id: string; thumbnailKey: string }): void {
    this.thumbnails.delete(image.id);
    this.thumbnailBytes.delete(image.thumbnailKey);
    this.thumbnailBytes.delete(largeThumbnailBlobKey(image.thumbnailKey));
  }
}

/** A file-name-safe short form of a prompt: "A red bicycle, at dusk!" → "a-red-bicycle-at-dusk". */
function slug(text: string): string {
  const words =
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .match(/[a-z0-9]+/g) ?? [];
  return words.join('-').slice(0, 48).replace(/-+$/, '') || 'image';
}

/** What the library shows of a refinement job's settings: the instruction or the strength, never the source's key. */
function refinementOf(job: Job): ImageRefinement | null {
  const refinement = job.settings.refinement;
  if (refinement?.kind === 'edit') return { kind: 'edit', instruction: refinement.instruction };
  if (refinement?.kind === 'variation') return { kind: 'variation', strength: refinement.strength };
  // Variations from before refinements were recorded: the parent alone says how the image was made.
  return job.settings.parentImageId ? { kind: 'variation', strength: null } : null;
}

/** Settings other features add to a job (asset type, project, parent image) as optional strings. */
function stringSetting(settings: object, name: string): string | null {
  const value = (settings as Record<string, unknown>)[name];
  return typeof value === 'string' && value.length > 0 ? value : null;
}
