import type { BrandKit, Lora } from '@brandgen/client';
import { ASSET_TYPES } from '../../../../server/src/domain/asset-types.ts';

/** A LoRA's name as a person knows it: its file name without folders or the .safetensors ending. */
export function loraName(path: string): string {
  const file = (path.split('?')[0] ?? path).split(/[/\\]/).filter(Boolean).pop() ?? path;
  return file.replace(/\.safetensors$/i, '');
}

/** Every LoRA a kit names, the brand's and its asset types', each once, by its name in the brand library. */
export function kitLoraNames(kit: BrandKit, library: readonly Lora[] = []): string[] {
  const byId = new Map(library.map((lora) => [lora.id, lora.name]));
  const names = [
    ...Object.values(kit.lora.by_family),
    ...ASSET_TYPES.flatMap((type) => Object.values(kit.asset_types[type].lora_by_family)),
  ].map((lora) => byId.get(lora.lora_id) ?? 'a LoRA no longer in the library');
  return [...new Set(names)];
}

const sourceWords: Record<Lora['source'], string> = {
  uploaded: 'Uploaded file',
  url: 'Link',
  civitai: 'civitai AIR',
  comfyui_file: 'File on ComfyUI',
  trained: 'Trained here',
};

const providerWords: Record<string, string> = {
  fal: 'fal.ai',
  replicate: 'Replicate',
  comfyui: 'ComfyUI',
  civitai: 'civitai',
  'brandgen-demo': 'the demo model',
};

export const loraSourceLabel = (lora: Lora) => sourceWords[lora.source];

/** Where a LoRA can be used, in words: "fal.ai, Replicate and ComfyUI (not installed there yet)". */
export function loraUsableWhere(lora: Lora): string {
  const names = lora.usable_with.map((provider) => {
    const name = providerWords[provider] ?? provider;
    if (provider !== 'comfyui' || lora.installed_on_comfyui === null) return name;
    return lora.installed_on_comfyui ? `${name} (installed)` : `${name} (not installed there yet)`;
  });
  if (names.length === 0) return 'no configured provider';
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
}

/** A file size in the units people read: 812 KB, 144.2 MB. */
export function fileSize(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(2)} GB`;
}
