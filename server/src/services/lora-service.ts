import type { Readable } from 'node:stream';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { LoraChanges, LoraRepository } from '../db/lora-repository.ts';
import { loraReferencesOf, type BrandKit } from '../domain/brand-kit.ts';
import { CIVITAI_AIR, COMFYUI_FILE_NAME, type Lora, type LoraSource } from '../domain/lora.ts';
import type { BrandActor, BrandService } from './brand-service.ts';
import { requireAdmin } from './brand-service.ts';
import type { Clock } from './clock.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from './errors.ts';
import { CheckedLoraUpload, tooLarge } from './lora-upload.ts';
import type { LoraLinks } from './lora-links.ts';
import type { Training } from '../domain/training.ts';

/** The names of the LoRA files installed on a ComfyUI server, or undefined when there is none or it does not answer. */
export type InstalledComfyLoras = () => Promise<ReadonlySet<string> | undefined>;

export interface LoraServiceOptions {
  loras: LoraRepository;
  brands: BrandService;
  blobs: BlobStore;
  links: LoraLinks;
  clock: Clock;
  /** BRANDGEN_MAX_LORA_MB in bytes. */
  maxUploadBytes: number;
  installedOnComfyui?: InstalledComfyLoras;
  /** A brand's trainings, which say how each trained LoRA was made (a trained LoRA's id is its training's). */
  trainingsOf?: (brandId: string) => Promise<readonly Training[]>;
}

/** How a trained LoRA was made: by which trainer, how long, from which set, at what estimated cost. */
export interface LoraTraining {
  trainer: string;
  steps: number;
  setId: string;
  estimatedCostUsd: number;
}

/** The fields a LoRA is described by, besides its source. */
export interface LoraDetails {
  name: string;
  family: string;
  triggerWord?: string;
  defaultScale?: number;
}

export type LoraSourceInput = { kind: 'url'; url: string } | { kind: 'civitai'; air: string } | { kind: 'comfyui_file'; fileName: string };

/** A LoRA as listed: with whether ComfyUI has its file (null when no ComfyUI answers or the LoRA is not a file). */
export interface ListedLora {
  lora: Lora;
  installedOnComfyui: boolean | null;
  /** For trained LoRAs, the training that made it; null for the others. */
  training?: LoraTraining | null;
}

/** Each brand's LoRA library: readable with access, changed by administrators. */
export class LoraService {
  private readonly options: LoraServiceOptions;

  constructor(options: LoraServiceOptions) {
    this.options = options;
  }

  async list(brandId: string): Promise<ListedLora[]> {
    await this.options.brands.get(brandId);
    const loras = await this.options.loras.list(brandId);
    const installed = await this.installedNames();
    const trainings = await this.trainingsBehind(brandId, loras);
    return loras.map((lora) => ({ lora, installedOnComfyui: installedState(lora, installed), training: trainings.get(lora.id) ?? null }));
  }

  async get(brandId: string, id: string): Promise<ListedLora> {
    const lora = await this.find(brandId, id);
    const training = (await this.trainingsBehind(brandId, [lora])).get(lora.id) ?? null;
    return { lora, installedOnComfyui: installedState(lora, await this.installedNames()), training };
  }

  private async trainingsBehind(brandId: string, loras: readonly Lora[]): Promise<Map<string, LoraTraining>> {
    if (!this.options.trainingsOf || !loras.some((lora) => lora.source.kind === 'trained')) return new Map();
    const trainings = await this.options.trainingsOf(brandId);
    return new Map(
      trainings.map((training) => [
        training.id,
        { trainer: training.trainer, steps: training.steps, setId: training.setId, estimatedCostUsd: training.estimatedCostUsd },
      ]),
    );
  }

  async create(actor: BrandActor, brandId: string, details: LoraDetails, source: LoraSourceInput): Promise<Lora> {
    requireAdmin(actor);
    await this.options.brands.get(brandId);
    const lora = this.newLora(brandId, details, checkedSource(source));
    await this.options.loras.insert(lora);
    return lora;
  }

  /** A brand's LoRA records as stored, without asking ComfyUI what it has. */
  records(brandId: string): Promise<Lora[]> {
    return this.options.loras.list(brandId);
  }

  /** A LoRA by reference, checked but not stored: a brand file's import stores it once the brand's kit is written. */
  prepareReference(brandId: string, details: LoraDetails, source: LoraSourceInput): Lora {
    return this.newLora(brandId, details, checkedSource(source));
  }

  async insertPrepared(lora: Lora): Promise<void> {
    await this.options.loras.insert(lora);
  }

  /**
   * Streams a .safetensors file into the blob store, checking it on the way: a file over the limit, pickled, or
   * not safetensors is refused and nothing is kept. The family is suggested from the tensor names when not given.
   */
  async upload(
    actor: BrandActor,
    brandId: string,
    input: Omit<LoraDetails, 'family'> & { family?: string; fileName: string; declaredBytes?: number },
    body: AsyncIterable<Uint8Array>,
  ): Promise<Lora> {
    requireAdmin(actor);
    await this.options.brands.get(brandId);
    const { maxUploadBytes, blobs, clock } = this.options;
    if (input.declaredBytes !== undefined && input.declaredBytes > maxUploadBytes) throw tooLarge(maxUploadBytes);
    const fileName = uploadFileName(input.fileName);
    const id = clock.newId();
    const blobKey = `loras/${id}.safetensors`;
    const upload = new CheckedLoraUpload({ source: body, maxBytes: maxUploadBytes });
    await blobs.putStream(blobKey, upload.chunks(), 'application/octet-stream');
    const facts = upload.facts();
    const family = input.family?.trim() || facts.suggestedFamily;
    if (!family) {
      await blobs.delete(blobKey);
      throw new ValidationError([
        { field: 'family', message: 'The file does not say which model family it is for: give the family (flux, hidream, sd35, …).' },
      ]);
    }
    const lora = this.newLora(
      brandId,
      { ...input, family },
      {
        kind: 'uploaded',
        blobKey,
        sha256: facts.sha256,
        byteSize: facts.byteSize,
        fileName,
      },
    );
    await this.options.loras.insert({ ...lora, id });
    return { ...lora, id };
  }

  async update(actor: BrandActor, brandId: string, id: string, changes: LoraChanges): Promise<Lora> {
    requireAdmin(actor);
    await this.find(brandId, id);
    const fields = detailProblems(changes);
    if (fields.length > 0) throw new ValidationError(fields);
    await this.options.loras.update(id, changes);
    return this.find(brandId, id);
  }

  /** Refused while the brand's current kit uses the LoRA: the kit would point at nothing. */
  async delete(actor: BrandActor, brandId: string, id: string): Promise<void> {
    requireAdmin(actor);
    const lora = await this.find(brandId, id);
    const brand = await this.options.brands.get(brandId);
    if (loraIdsOf(brand.current.kit).has(id)) {
      throw new ConflictError(
        `The brand kit uses the LoRA "${lora.name}". Remove it from the kit (and its asset types) first, then delete it.`,
        'lora_in_use',
      );
    }
    await this.options.loras.delete(id);
    if (lora.source.kind === 'uploaded') await this.options.blobs.delete(lora.source.blobKey);
  }

  /** An uploaded or trained LoRA's file for an administrator to copy, say into ComfyUI's models/loras folder. */
  async openForAdmin(actor: BrandActor, brandId: string, id: string): Promise<{ stream: Readable; byteSize: number; fileName: string }> {
    requireAdmin(actor, 'Only an administrator can download LoRA files. Ask one to copy it for you.');
    const lora = await this.find(brandId, id);
    const source = lora.source;
    if (source.kind !== 'uploaded' && source.kind !== 'trained') {
      throw new NotFoundError('This LoRA has no file in Brandgen: it is a link, a civitai AIR or a file on the ComfyUI server.');
    }
    return this.openBlob(source);
  }

  /** The file behind a signed link; a link that is wrong or expired finds nothing. */
  async openByLink(id: string, expires: number, signature: string): Promise<{ stream: Readable; byteSize: number; fileName: string }> {
    const check = this.options.links.check(id, expires, signature);
    if (check === 'expired') throw new NotFoundError('This LoRA link has expired. Brandgen makes a new one for every job.');
    if (check === 'invalid') throw new NotFoundError('This LoRA link is not valid.');
    const lora = await this.options.loras.findById(id);
    const source = lora?.source;
    if (!source || (source.kind !== 'uploaded' && source.kind !== 'trained')) throw new NotFoundError('This LoRA has no file here.');
    return this.openBlob(source);
  }

  private async openBlob(source: { blobKey: string; fileName: string }): Promise<{ stream: Readable; byteSize: number; fileName: string }> {
    const blob = await this.options.blobs.open(source.blobKey);
    if (!blob) throw new NotFoundError('The file of this LoRA is missing from storage.');
    return { ...blob, fileName: source.fileName };
  }

  private async find(brandId: string, id: string): Promise<Lora> {
    const lora = await this.options.loras.findById(id);
    if (!lora || lora.brandId !== brandId) throw new NotFoundError('This brand has no LoRA with this id.');
    return lora;
  }

  private newLora(brandId: string, details: LoraDetails, source: LoraSource): Lora {
    const fields = detailProblems(details);
    if (fields.length > 0) throw new ValidationError(fields);
    return {
      id: this.options.clock.newId(),
      brandId,
      name: details.name.trim(),
      family: details.family.trim(),
      triggerWord: details.triggerWord?.trim() ?? '',
      defaultScale: details.defaultScale ?? 1,
      source,
      createdAt: this.options.clock.now(),
    };
  }

  private async installedNames(): Promise<ReadonlySet<string> | undefined> {
    return this.options.installedOnComfyui?.().catch(() => undefined);
  }
}

function installedState(lora: Lora, installed: ReadonlySet<string> | undefined): boolean | null {
  if (!installed || lora.source.kind === 'url' || lora.source.kind === 'civitai') return null;
  return installed.has(lora.source.fileName);
}

function detailProblems(details: Partial<LoraDetails>): FieldError[] {
  const fields: FieldError[] = [];
  if (details.name !== undefined && details.name.trim() === '') fields.push({ field: 'name', message: 'Give the LoRA a name.' });
  if (details.family !== undefined && !/^[a-z0-9][a-z0-9._-]{0,39}$/u.test(details.family.trim())) {
    fields.push({ field: 'family', message: 'The family is a short lower-case name such as flux, hidream or sd35.' });
  }
  return fields;
}

function checkedSource(source: LoraSourceInput): LoraSource {
  if (source.kind === 'url') {
    if (!/^https:\/\/[^\s/]+\/\S+$/u.test(source.url)) {
      throw new ValidationError([
        {
          field: 'url',
          message: 'The link must be a full https address of the LoRA file, like https://huggingface.co/…/lora.safetensors.',
        },
      ]);
    }
    return { kind: 'url', url: source.url };
  }
  if (source.kind === 'civitai') {
    if (!CIVITAI_AIR.test(source.air)) {
      throw new ValidationError([{ field: 'air', message: 'A civitai AIR looks like urn:air:flux1:lora:civitai:123456@654321.' }]);
    }
    return { kind: 'civitai', air: source.air };
  }
  const fileName = source.fileName.trim();
  if (!COMFYUI_FILE_NAME.test(fileName)) {
    throw new ValidationError([
      { field: 'file_name', message: "Give the file's name as ComfyUI lists it under models/loras, like brand/flux-style.safetensors." },
    ]);
  }
  return { kind: 'comfyui_file', fileName };
}

/** The name the file goes under on ComfyUI when copied over: the uploaded name, made safe. */
function uploadFileName(given: string): string {
  const base = given.split(/[\\/]/u).pop()?.trim() ?? '';
  const safe = base.replace(/[^A-Za-z0-9._ -]/gu, '_');
  if (/\.(ckpt|pt|pth|bin|pkl)$/iu.test(safe)) {
    throw new ValidationError([
      {
        field: 'file_name',
        message: 'Pickled PyTorch checkpoints (.ckpt, .pt) can run code when loaded; convert the LoRA to .safetensors and upload that.',
      },
    ]);
  }
  if (!/\.safetensors$/iu.test(safe)) {
    throw new ValidationError([{ field: 'file_name', message: 'Upload a .safetensors file (its name must end in .safetensors).' }]);
  }
  return safe;
}

export function loraIdsOf(kit: BrandKit): Set<string> {
  return new Set(loraReferencesOf(kit).map((reference) => reference.loraId));
}
