import { brandFileLorasSchema, portableLorasOf, withLoraIds, type PortableLora } from '../domain/brand-file.ts';
import { loraReferencesOf, type BrandKit } from '../domain/brand-kit.ts';
import type { Brand } from '../domain/brand.ts';
import type { Lora } from '../domain/lora.ts';
import { requireAdmin, validKit, type BrandActor, type BrandService } from './brand-service.ts';
import type { Clock } from './clock.ts';
import { ValidationError, type FieldError } from './errors.ts';
import type { LoraService, LoraSourceInput } from './lora-service.ts';

export interface BrandFileServiceOptions {
  brands: BrandService;
  loras: LoraService;
  clock: Clock;
}

/** A brand file: the kit in the brand-file format, and the LoRAs it points at described so another server can use them. */
export type BrandFile = BrandKit & { loras: PortableLora[] };

/** How the LoRAs a file's kit points at become LoRAs of the brand it is imported into. */
interface LoraPlan {
  ids: Map<string, string>;
  added: Lora[];
  problems: FieldError[];
}

/**
 * Brand files out and in. Exported, a kit carries its LoRAs' descriptions; imported, each LoRA it points at is found in
 * the receiving brand's library (by id, by its link, AIR or ComfyUI file, or an uploaded file by its SHA-256) or, for
 * a reference, added to it. Every check runs before anything is written, so a refused file changes nothing.
 */
export class BrandFileService {
  private readonly options: BrandFileServiceOptions;

  constructor(options: BrandFileServiceOptions) {
    this.options = options;
  }

  async export(brandId: string): Promise<{ brand: Brand; file: BrandFile }> {
    const brand = await this.options.brands.get(brandId);
    const library = await this.options.loras.records(brandId);
    return { brand, file: { ...brand.current.kit, loras: portableLorasOf(brand.current.kit, library) } };
  }

  /** A new brand, or a new version of `intoBrandId` when given. */
  async import(actor: BrandActor, input: unknown, intoBrandId?: string): Promise<Brand> {
    requireAdmin(actor);
    const described = describedLoras(input);
    const kit = validKit(input);
    const { brands, loras } = this.options;
    const target = intoBrandId === undefined ? undefined : await brands.get(intoBrandId);
    const brandId = target?.id ?? this.options.clock.newId();
    const library = target ? await loras.records(target.id) : [];
    const plan = this.planLoras(kit, described, library, brandId);
    if (plan.problems.length > 0) throw new ValidationError(plan.problems, 'The brand file needs attention.');
    const remapped = withLoraIds(kit, plan.ids);
    const coming = { comingLoraIds: new Set(plan.added.map((lora) => lora.id)) };
    const brand = target
      ? await brands.update(actor, target.id, remapped, 'import', coming)
      : await brands.create(actor, remapped, 'import', { ...coming, id: brandId });
    for (const lora of plan.added) await loras.insertPrepared(lora);
    return brand;
  }

  private planLoras(kit: BrandKit, described: PortableLora[], library: readonly Lora[], brandId: string): LoraPlan {
    const plan: LoraPlan = { ids: new Map(), added: [], problems: [] };
    for (const reference of loraReferencesOf(kit)) {
      if (plan.ids.has(reference.loraId) || library.some((lora) => lora.id === reference.loraId)) continue;
      const index = described.findIndex((lora) => lora.id === reference.loraId);
      const found = index === -1 ? undefined : this.resolve(described[index]!, library, plan.added, brandId, index);
      if (found === undefined) {
        plan.problems.push({ field: `${reference.field}.lora_id`, message: unknownLoraMessage(reference.loraId) });
      } else if ('problem' in found) {
        plan.problems.push(found.problem);
      } else {
        plan.ids.set(reference.loraId, found.lora.id);
        if (found.isNew) plan.added.push(found.lora);
      }
    }
    return plan;
  }

  private resolve(
    described: PortableLora,
    library: readonly Lora[],
    added: readonly Lora[],
    brandId: string,
    index: number,
  ): { lora: Lora; isNew: boolean } | { problem: FieldError } {
    const same = [...library, ...added].find((lora) => lora.family === described.family && sameSource(lora, described));
    if (same) return { lora: same, isNew: false };
    const source = referenceSource(described);
    if (!source) {
      return {
        problem: {
          field: `loras[${index}]`,
          message:
            `The kit uses the uploaded LoRA "${described.name}" (${described.file_name ?? 'a .safetensors file'}), which this brand ` +
            "does not have: a brand file carries no weights. Upload the file to the brand's LoRA library and import again, " +
            'or remove the LoRA from the file.',
        },
      };
    }
    try {
      const details = {
        name: described.name,
        family: described.family,
        triggerWord: described.trigger_word,
        defaultScale: described.default_scale,
      };
      return { lora: this.options.loras.prepareReference(brandId, details, source), isNew: true };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return {
        problem: { field: `loras[${index}].${error.fields[0]?.field ?? 'source'}`, message: error.fields[0]?.message ?? error.message },
      };
    }
  }
}

function describedLoras(input: unknown): PortableLora[] {
  const section = typeof input === 'object' && input !== null ? (input as { loras?: unknown }).loras : undefined;
  const parsed = brandFileLorasSchema.safeParse(section);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    parsed.error.issues.map((issue) => ({
      field: ['loras', ...issue.path]
        .map((part, at) => (typeof part === 'number' ? `[${part}]` : at === 0 ? String(part) : `.${String(part)}`))
        .join(''),
      message: `The LoRA description ${issue.message}.`,
    })),
    'The brand file needs attention.',
  );
}

/** What a file's LoRA is added as: a link, an AIR or a ComfyUI file name; a stored file cannot travel in JSON. */
function referenceSource(described: PortableLora): LoraSourceInput | undefined {
  if (described.source === 'url' && described.url) return { kind: 'url', url: described.url };
  if (described.source === 'civitai' && described.air) return { kind: 'civitai', air: described.air };
  if (described.source === 'comfyui_file' && described.file_name) return { kind: 'comfyui_file', fileName: described.file_name };
  return undefined;
}

function sameSource(lora: Lora, described: PortableLora): boolean {
  const { source } = lora;
  switch (source.kind) {
    case 'url':
      return described.source === 'url' && described.url === source.url;
    case 'civitai':
      return described.source === 'civitai' && described.air === source.air;
    case 'comfyui_file':
      return described.source === 'comfyui_file' && described.file_name === source.fileName;
    case 'uploaded':
    case 'trained':
      return described.sha256 !== null && described.sha256 === source.sha256;
  }
}

function unknownLoraMessage(loraId: string): string {
  return (
    `There is no LoRA with id ${loraId} in this brand's library, and the file does not describe it. ` +
    "Export the brand again from a Brandgen that has it (the file then lists its LoRAs), or add the LoRA to this brand's library first."
  );
}
