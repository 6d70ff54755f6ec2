import type { Readable } from 'node:stream';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { TrainingRepository } from '../db/training-repository.ts';
import type { TrainingSetChanges, TrainingSetRepository } from '../db/training-set-repository.ts';
import {
  captionOrTrigger,
  TRAINING_IMAGES,
  TRAINING_KINDS,
  type TrainingKind,
  type TrainingSet,
  type TrainingSetImage,
} from '../domain/training-set.ts';
import { differenceHash } from '../images/difference-hash.ts';
import { cleanInspirationImage, ImageRejectedError, INSPIRATION_MAX_BYTES } from '../images/inspiration-image.ts';
import type { BrandActor, BrandService } from './brand-service.ts';
import { requireAdmin } from './brand-service.ts';
import type { Clock } from './clock.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from './errors.ts';

export interface TrainingSetServiceOptions {
  sets: TrainingSetRepository;
  /** The trainings, to keep a set as it is while one of them is still to read it. */
  trainings: Pick<TrainingRepository, 'hasUnfinishedForSet'>;
  brands: BrandService;
  blobs: BlobStore;
  clock: Clock;
}

/** One file as uploaded, with the caption given for it, if any. */
export interface TrainingImageUpload {
  fileName: string;
  bytes: Uint8Array;
  caption?: string;
}

export interface TrainingSetInput {
  name?: string;
  triggerWord: string;
  kind: string;
  images: TrainingImageUpload[];
}

export interface TrainingSetUpdate extends TrainingSetChanges {
  /** Image id → caption; an empty caption becomes the trigger word. */
  captions?: Record<string, string>;
}

const noSet = 'This brand has no training set with this id.';

/** Training sets of a brand: read with access, changed by administrators; images checked by content and cleaned. */
export class TrainingSetService {
  private readonly options: TrainingSetServiceOptions;

  constructor(options: TrainingSetServiceOptions) {
    this.options = options;
  }

  async list(brandId: string): Promise<TrainingSet[]> {
    await this.options.brands.get(brandId);
    return this.options.sets.list(brandId);
  }

  async get(brandId: string, id: string): Promise<TrainingSet> {
    const set = await this.options.sets.findById(id);
    if (!set || set.brandId !== brandId) throw new NotFoundError(noSet);
    return set;
  }

  /** A set may be saved with fewer than ten images; training it is what refuses. */
  async create(actor: BrandActor, brandId: string, input: TrainingSetInput): Promise<TrainingSet> {
    requireAdmin(actor);
    await this.options.brands.get(brandId);
    const triggerWord = input.triggerWord.trim();
    const fields = [...describeProblems({ triggerWord, kind: input.kind }), ...countProblems(0, input.images.length)];
    if (fields.length > 0) throw new ValidationError(fields);
    const { clock } = this.options;
    const id = clock.newId();
    const now = clock.now();
    const images = await this.storeImages(id, triggerWord, input.images);
    const set: TrainingSet = {
      id,
      brandId,
      name: input.name?.trim() || `${triggerWord} ${input.kind}`,
      triggerWord,
      kind: input.kind as TrainingKind,
      images,
      createdAt: now,
      updatedAt: now,
    };
    await this.options.sets.insert(set).catch(async (error: unknown) => {
      await this.deleteBlobs(images);
      throw error;
    });
    return set;
  }

  async update(actor: BrandActor, brandId: string, id: string, update: TrainingSetUpdate): Promise<TrainingSet> {
    requireAdmin(actor);
    const set = await this.get(brandId, id);
    await this.requireIdle(id);
    const triggerWord = update.triggerWord?.trim();
    const fields = describeProblems({
      ...(triggerWord !== undefined && { triggerWord }),
      ...(update.kind !== undefined && { kind: update.kind }),
    });
    if (update.name !== undefined && update.name.trim() === '') fields.push({ field: 'name', message: 'Give the set a name.' });
    const known = new Set(set.images.map((image) => image.id));
    for (const imageId of Object.keys(update.captions ?? {})) {
      if (!known.has(imageId)) fields.push({ field: `captions.${imageId}`, message: 'The set has no image with this id.' });
    }
    if (fields.length > 0) throw new ValidationError(fields);
    const trigger = triggerWord ?? set.triggerWord;
    const captions = new Map(
      Object.entries(update.captions ?? {}).map(([imageId, caption]) => [imageId, captionOrTrigger(caption, trigger)]),
    );
    const changes: TrainingSetChanges = {
      ...(update.name !== undefined && { name: update.name.trim() }),
      ...(triggerWord !== undefined && { triggerWord }),
      ...(update.kind !== undefined && { kind: update.kind }),
    };
    await this.options.sets.update(id, changes, captions, this.options.clock.now());
    return this.get(brandId, id);
  }

  async addImages(actor: BrandActor, brandId: string, id: string, uploads: TrainingImageUpload[]): Promise<TrainingSet> {
    requireAdmin(actor);
    const set = await this.get(brandId, id);
    await this.requireIdle(id);
    const fields = countProblems(set.images.length, uploads.length);
    if (uploads.length === 0) fields.push({ field: 'images', message: 'Choose at least one image to add.' });
    if (fields.length > 0) throw new ValidationError(fields);
    const images = await this.storeImages(id, set.triggerWord, uploads);
    await this.options.sets.addImages(id, images, this.options.clock.now()).catch(async (error: unknown) => {
      await this.deleteBlobs(images);
      throw error;
    });
    return this.get(brandId, id);
  }

  async removeImage(actor: BrandActor, brandId: string, id: string, imageId: string): Promise<TrainingSet> {
    requireAdmin(actor);
    const set = await this.get(brandId, id);
    await this.requireIdle(id);
    const image = set.images.find((candidate) => candidate.id === imageId);
    if (!image) throw new NotFoundError('The training set has no image with this id.');
    await this.options.sets.removeImage(id, imageId, this.options.clock.now());
    await this.options.blobs.delete(image.blobKey);
    return this.get(brandId, id);
  }

  async delete(actor: BrandActor, brandId: string, id: string): Promise<void> {
    requireAdmin(actor);
    const set = await this.get(brandId, id);
    await this.requireIdle(id);
    await this.options.sets.delete(id);
    await this.deleteBlobs(set.images);
  }

  /** A stored image of the set (WebP), for thumbnails and for trainers. */
  async openImage(brandId: string, id: string, imageId: string): Promise<{ stream: Readable; byteSize: number }> {
    const set = await this.get(brandId, id);
    const image = set.images.find((candidate) => candidate.id === imageId);
    const blob = image && (await this.options.blobs.open(image.blobKey));
    if (!blob) throw new NotFoundError('The training set has no image with this id.');
    return blob;
  }

  /** Cleans every upload first and stores them only when all pass, so a refused upload keeps nothing. */
  private async storeImages(setId: string, triggerWord: string, uploads: TrainingImageUpload[]): Promise<TrainingSetImage[]> {
    const checked = await Promise.all(uploads.map((upload, index) => checkUpload(upload, index)));
    const fields = checked.flatMap((result) => ('field' in result ? [result] : []));
    if (fields.length > 0) throw new ValidationError(fields, 'Some images could not be used.');
    const images: TrainingSetImage[] = [];
    const now = this.options.clock.now();
    try {
      for (const [index, result] of checked.entries()) {
        if ('field' in result) continue;
        const upload = uploads[index] as TrainingImageUpload;
        const imageId = this.options.clock.newId();
        const blobKey = `training-sets/${setId}/${imageId}.webp`;
        await this.options.blobs.put(blobKey, result.bytes, 'image/webp');
        images.push({
          id: imageId,
          setId,
          blobKey,
          fileName: safeFileName(upload.fileName, index),
          width: result.width,
          height: result.height,
          sha256: result.sha256,
          differenceHash: result.hash,
          caption: captionOrTrigger(upload.caption, triggerWord),
          createdAt: now,
        });
      }
    } catch (error) {
      await this.deleteBlobs(images);
      throw error;
    }
    return images;
  }

  /** Refuses to change a set that a queued or running training is still to read (the demo trainer reads it late). */
  private async requireIdle(setId: string): Promise<void> {
    if (await this.options.trainings.hasUnfinishedForSet(setId)) {
      throw new ConflictError(
        'A training of this set has not finished yet. Wait for it to end, or cancel it, before changing or deleting the set.',
        'training_set_in_use',
      );
    }
  }

  private async deleteBlobs(images: readonly TrainingSetImage[]): Promise<void> {
    for (const image of images) await this.options.blobs.delete(image.blobKey);
  }
}

type CheckedUpload = FieldError | { bytes: Uint8Array; width: number; height: number; sha256: string; hash: string };

async function checkUpload(upload: TrainingImageUpload, index: number): Promise<CheckedUpload> {
  const field = `images[${index}]`;
  const name = upload.fileName || `Image ${index + 1}`;
  if (upload.bytes.byteLength > INSPIRATION_MAX_BYTES) {
    return { field, message: `${name} is larger than ${INSPIRATION_MAX_BYTES / 1024 / 1024} MB. Export it smaller.` };
  }
  try {
    const cleaned = await cleanInspirationImage(upload.bytes, 'training images');
    return {
      bytes: cleaned.bytes,
      width: cleaned.width,
      height: cleaned.height,
      sha256: cleaned.sha256,
      hash: await differenceHash(cleaned.bytes),
    };
  } catch (error) {
    if (error instanceof ImageRejectedError) return { field, message: `${name}: ${error.message}` };
    throw error;
  }
}

function describeProblems(input: { triggerWord?: string; kind?: string }): FieldError[] {
  const fields: FieldError[] = [];
  if (input.triggerWord !== undefined && !/^[\p{L}\p{N}][\p{L}\p{N} _-]{0,39}$/u.test(input.triggerWord)) {
    fields.push({
      field: 'trigger_word',
      message: 'The trigger word is one to forty letters, digits, spaces, dashes or underscores, such as "brdgn style".',
    });
  }
  if (input.kind !== undefined && !(TRAINING_KINDS as readonly string[]).includes(input.kind)) {
    fields.push({ field: 'kind', message: 'The kind is "style" (the brand\'s look) or "subject" (a product or mascot).' });
  }
  return fields;
}

function countProblems(existing: number, adding: number): FieldError[] {
  if (existing + adding <= TRAINING_IMAGES.max) return [];
  return [
    {
      field: 'images',
      message: `A training set holds at most ${TRAINING_IMAGES.max} images; this would make ${existing + adding}. Leave out ${existing + adding - TRAINING_IMAGES.max}.`,
    },
  ];
}

function safeFileName(given: string, index: number): string {
  const base =
    given
      .split(/[\\/]/u)
      .pop()
      ?.trim()
      .replace(/[^\p{L}\p{N}._ -]/gu, '_') ?? '';
  return base === '' ? `image-${index + 1}` : base.slice(0, 120);
}
