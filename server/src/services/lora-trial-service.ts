import { randomInt } from 'node:crypto';
import type { Job } from '../domain/job.ts';
import { planLoraDelivery } from '../domain/lora-delivery.ts';
import type { Lora } from '../domain/lora.ts';
import type { CatalogEntry, ImageModelCatalog } from '../providers/image-model-catalog.ts';
import { ValidationError } from './errors.ts';
import type { GenerationService } from './generation-service.ts';
import type { LoraService } from './lora-service.ts';

export interface LoraTrialOptions {
  loras: LoraService;
  generation: GenerationService;
  catalog: ImageModelCatalog;
}

export interface LoraTrialRequest {
  userId: string;
  brandId: string;
  loraId: string;
  prompt: string;
  model?: string | undefined;
  seed?: number | undefined;
}

/** The two halves of a trial: the same prompt, model and seeds, once with the LoRA and once without any. */
export interface LoraTrial {
  model: string;
  seed: number;
  withLora: Job;
  withoutLora: Job;
}

/** Highest first seed, so that the four seeds of a job stay within 32 bits. */
const MAX_FIRST_SEED = 2 ** 32 - 4;

/**
 * A LoRA's with-and-without test: what the LoRA changes, seen side by side. Both jobs use the brand's current kit and
 * differ only in the LoRA, so any difference between them is the LoRA's doing.
 */
export class LoraTrialService {
  private readonly options: LoraTrialOptions;

  constructor(options: LoraTrialOptions) {
    this.options = options;
  }

  /** The models `lora` can be tried on now: of its family, taking LoRAs, from a provider it can reach. */
  modelsFor(lora: Lora): CatalogEntry[] {
    return this.options.catalog
      .list()
      .filter((entry) => entry.supportsLora && entry.family === lora.family && planLoraDelivery(lora, entry.provider).kind !== 'refused');
  }

  async start(request: LoraTrialRequest): Promise<LoraTrial> {
    const { lora } = await this.options.loras.get(request.brandId, request.loraId);
    const entry = this.pickModel(lora, request.model);
    const seed = request.seed ?? randomInt(0, MAX_FIRST_SEED);
    const { generation } = this.options;
    const shared = { userId: request.userId, prompt: request.prompt, model: entry.id, seed, brandId: request.brandId };
    const brand = await generation.resolveBrand({ brandId: request.brandId });
    const [withLora, withoutLora] = await generation.generateTogether(
      [
        { ...shared, lora: { loraId: lora.id, scale: lora.defaultScale } },
        { ...shared, lora: null },
      ],
      brand,
    );
    return { model: entry.id, seed, withLora: withLora!, withoutLora: withoutLora! };
  }

  private pickModel(lora: Lora, modelId: string | undefined): CatalogEntry {
    const usable = this.modelsFor(lora);
    if (modelId === undefined) {
      const first = usable[0];
      if (first) return first;
      throw new ValidationError([
        {
          field: 'model',
          message:
            `No model that is set up can try the ${lora.family} LoRA "${lora.name}". ` +
            'Add a provider key for a model of this family (Settings), or a LoRA source that provider can load.',
        },
      ]);
    }
    const entry = usable.find((candidate) => candidate.id === modelId);
    if (entry) return entry;
    const names = usable.map((candidate) => candidate.id).join(', ');
    throw new ValidationError([
      {
        field: 'model',
        message:
          `The model "${modelId}" cannot try the ${lora.family} LoRA "${lora.name}". ` +
          (names ? `Pick one of: ${names}.` : 'No model that is set up can; add a provider key for this family.'),
      },
    ]);
  }
}
