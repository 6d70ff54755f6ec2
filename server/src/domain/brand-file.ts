import { z } from 'zod';
import { loraReferencesOf, type BrandKit } from './brand-kit.ts';
import { LORA_SCALE } from './brand-kit-formats.ts';
import { LORA_SOURCE_KINDS, loraSourceFields, type Lora } from './lora.ts';

/**
 * A brand file carries, beside the kit, a description of each LoRA the kit points at, so that the file means the
 * same on another Brandgen: links, AIRs and ComfyUI file names are recreated there; uploaded and trained files are
 * matched by their SHA-256 (the weights themselves stay out of a JSON file).
 */
export const portableLoraSchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(120),
  family: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/u, 'is a short lower-case name such as flux'),
  trigger_word: z.string().max(200).default(''),
  default_scale: z.number().min(LORA_SCALE.min).max(LORA_SCALE.max).default(1),
  source: z.enum(LORA_SOURCE_KINDS),
  url: z.string().max(2000).nullable().default(null),
  air: z.string().max(300).nullable().default(null),
  file_name: z.string().max(500).nullable().default(null),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/u, 'is 64 hexadecimal digits')
    .nullable()
    .default(null),
});

export type PortableLora = z.infer<typeof portableLoraSchema>;

/** The `loras` part of a brand file; older files have none. */
export const brandFileLorasSchema = z.array(portableLoraSchema).max(200).default([]);

export function portableLora(lora: Lora): PortableLora {
  const fields = loraSourceFields(lora.source);
  return {
    id: lora.id,
    name: lora.name,
    family: lora.family,
    trigger_word: lora.triggerWord,
    default_scale: lora.defaultScale,
    source: lora.source.kind,
    url: fields.url,
    air: fields.air,
    file_name: fields.fileName,
    sha256: fields.sha256,
  };
}

/** The LoRAs of `library` that `kit` points at, each once, as a brand file describes them. */
export function portableLorasOf(kit: BrandKit, library: readonly Lora[]): PortableLora[] {
  const used = new Set(loraReferencesOf(kit).map((reference) => reference.loraId));
  return library.filter((lora) => used.has(lora.id)).map(portableLora);
}

/** `kit` with every LoRA id that `ids` maps replaced; ids it does not map stay as they were. */
export function withLoraIds(kit: BrandKit, ids: ReadonlyMap<string, string>): BrandKit {
  const mapped = <T extends { lora_id: string }>(byFamily: Record<string, T>): Record<string, T> =>
    Object.fromEntries(
      Object.entries(byFamily).map(([family, reference]) => [
        family,
        { ...reference, lora_id: ids.get(reference.lora_id) ?? reference.lora_id },
      ]),
    );
  const assetTypes = Object.fromEntries(
    Object.entries(kit.asset_types).map(([type, settings]) => [type, { ...settings, lora_by_family: mapped(settings.lora_by_family) }]),
  ) as BrandKit['asset_types'];
  return { ...kit, lora: { ...kit.lora, by_family: mapped(kit.lora.by_family) }, asset_types: assetTypes };
}
