import type { BlobStore } from '../blobs/blob-store.ts';
import type { LoraRepository } from '../db/lora-repository.ts';
import type { JobLora } from '../domain/job.ts';
import { planLoraDelivery, providerName } from '../domain/lora-delivery.ts';
import type { DeliveredLora } from '../providers/image-model-catalog.ts';
import type { LoraLinks } from './lora-links.ts';

/** A LoRA that cannot reach the job's provider, with the reason to show on the job. */
export interface RefusedLora {
  refused: string;
}

export interface LoraDeliveryOptions {
  loras: LoraRepository;
  blobs: BlobStore;
  links: LoraLinks;
}

/**
 * Turns a job's LoRA record into what its provider takes, just before the call: fal.ai and Replicate a link (an Azure
 * SAS link when the store makes them, else a link Brandgen signs to its own file route), or a URL as given; ComfyUI
 * the file name; the civitai provider the AIR. Made fresh for every attempt, so no link expires in the queue.
 */
export class LoraDeliveryService {
  private readonly options: LoraDeliveryOptions;

  constructor(options: LoraDeliveryOptions) {
    this.options = options;
  }

  async deliver(lora: JobLora, provider: string): Promise<DeliveredLora | RefusedLora> {
    // Jobs from before the LoRA library were sent their path as it stood in the kit.
    if ('path' in lora) return lora;
    const record = await this.options.loras.findById(lora.loraId);
    if (!record) {
      return { refused: "This job's LoRA was deleted from the brand library. Pick another LoRA in the brand kit and generate again." };
    }
    const plan = planLoraDelivery(record, provider);
    switch (plan.kind) {
      case 'refused':
        return { refused: plan.reason };
      case 'as_is':
        return { path: plan.reference, scale: lora.scale };
      case 'file_name':
        return { path: plan.fileName, scale: lora.scale };
      case 'inline_profile': {
        const bytes = record.source.kind === 'trained' ? await this.options.blobs.read(record.source.blobKey) : undefined;
        if (!bytes) return { refused: `The style profile of "${record.name}" is missing from storage. Train the set again.` };
        return { path: `data:application/json;base64,${Buffer.from(bytes).toString('base64')}`, scale: lora.scale };
      }
      case 'signed_link': {
        const source = record.source;
        const blobKey = source.kind === 'uploaded' || source.kind === 'trained' ? source.blobKey : '';
        const link =
          (await this.options.blobs.signedUrl?.(blobKey, { downloadName: record.name })) ?? this.options.links.linkFor(record.id);
        if (!link) {
          return {
            refused:
              `${providerName(provider)} downloads the LoRA "${record.name}" from Brandgen, so BRANDGEN_PUBLIC_URL must be set ` +
              'to an https address it can reach. Set it and restart Brandgen, or add the LoRA by its https link instead.',
          };
        }
        return { path: link, scale: lora.scale };
      }
    }
  }
}
