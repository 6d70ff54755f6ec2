import type { BrandKit } from '@brandgen/client';
import { ASSET_TYPES } from '../../../../server/src/domain/asset-types.ts';

/** A LoRA's name as a person knows it: its file name without folders or the .safetensors ending. */
export function loraName(path: string): string {
  const file = (path.split('?')[0] ?? path).split(/[/\\]/).filter(Boolean).pop() ?? path;
  return file.replace(/\.safetensors$/i, '');
}

/** Every LoRA a kit names, the brand's and its asset types', each once. */
export function kitLoraNames(kit: BrandKit): string[] {
  const paths = [
    ...Object.values(kit.lora.by_family),
    ...ASSET_TYPES.flatMap((type) => Object.values(kit.asset_types[type].lora_by_family)),
  ].map((lora) => loraName(lora.path));
  return [...new Set(paths)];
}
