import type { Readable } from 'node:stream';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { GenerationService, ReadAccess } from './generation-service.ts';
import { NotFoundError } from './errors.ts';
import type { JobSlot } from '../domain/job.ts';

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

  constructor(options: { generation: GenerationService; blobs: BlobStore }) {
    this.generation = options.generation;
    this.blobs = options.blobs;
  }

  /**
   * Where the user gets image n: a signed link straight to the blob store when it gives one
   * (Azure Blob with SAS), or else the bytes through the API.
   */
  async locate(userId: string, jobId: string, slotNumber: number, access: ReadAccess = {}): Promise<{ signedUrl: string } | ImageDownload> {
    const { job, slot } = await this.readySlot(userId, jobId, slotNumber, access);
    const signedUrl = await this.blobs.signedUrl?.(slot.blobKey!, { downloadName: fileNameOf(job.id, slotNumber) });
    if (signedUrl) return { signedUrl };
    return this.openSlot(job.id, slot, slotNumber);
  }

  async open(userId: string, jobId: string, slotNumber: number, access: ReadAccess = {}): Promise<ImageDownload> {
    const { job, slot } = await this.readySlot(userId, jobId, slotNumber, access);
    return this.openSlot(job.id, slot, slotNumber);
  }

  private async readySlot(userId: string, jobId: string, slotNumber: number, access: ReadAccess) {
    const job = await this.generation.getJob(userId, jobId, access);
    const slot = job.slots.find((candidate) => candidate.slot === slotNumber);
    if (!slot || slot.status !== 'ready' || !slot.blobKey || !slot.sha256) {
      throw new NotFoundError(`Image ${slotNumber} of this job is not ready.`);
    }
    return { job, slot };
  }

  private async openSlot(jobId: string, slot: JobSlot, slotNumber: number): Promise<ImageDownload> {
    const blob = await this.blobs.open(slot.blobKey!);
    if (!blob) throw new NotFoundError(`Image ${slotNumber} of this job is no longer stored.`);
    return {
      stream: blob.stream,
      byteSize: blob.byteSize,
      contentType: slot.contentType ?? 'image/png',
      sha256: slot.sha256!,
      fileName: fileNameOf(jobId, slotNumber),
    };
  }
}

export function fileNameOf(jobId: string, slotNumber: number): string {
  return `brandgen-${jobId.slice(-12)}-${slotNumber + 1}.png`;
}
