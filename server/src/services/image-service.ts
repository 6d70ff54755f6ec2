import type { Readable } from 'node:stream';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { GenerationService, ReadAccess } from './generation-service.ts';
import { NotFoundError } from './errors.ts';

export interface ImageDownload {
  stream: Readable;
  byteSize: number;
  contentType: string;
  sha256: string;
  fileName: string;
}

export class ImageService {
  private readonly generation: GenerationService;
  private readonly blobs: BlobStore;

  constructor(generation: GenerationService, blobs: BlobStore) {
    this.generation = generation;
    this.blobs = blobs;
  }

  async open(userId: string, jobId: string, slotNumber: number, access: ReadAccess = {}): Promise<ImageDownload> {
    const job = await this.generation.getJob(userId, jobId, access);
    const slot = job.slots.find((candidate) => candidate.slot === slotNumber);
    if (!slot || slot.status !== 'ready' || !slot.blobKey || !slot.sha256) {
      throw new NotFoundError(`Image ${slotNumber} of this job is not ready.`);
    }
    const blob = await this.blobs.open(slot.blobKey);
    if (!blob) throw new NotFoundError(`Image ${slotNumber} of this job is no longer stored.`);
    return {
      stream: blob.stream,
      byteSize: blob.byteSize,
      contentType: slot.contentType ?? 'image/png',
      sha256: slot.sha256,
      fileName: `brandgen-${job.id.slice(-12)}-${slotNumber + 1}.png`,
    };
  }
}
