import type { BrandKit, Lora } from '@brandgen/client';
import { ASSET_TYPES } from '../../../../server/src/domain/asset-types.ts';

/** One difference between two kits, in the words of the editor's fields. */
export type KitChange =
  | { kind: 'colour'; field: string; before: string | null; after: string | null }
  | { kind: 'text'; field: string; before: string; after: string };

type LoraMap = BrandKit['lora']['by_family'];

const NONE = '(none)';

function textChange(field: string, before: string, after: string): KitChange[] {
  return before === after ? [] : [{ kind: 'text', field, before: before || NONE, after: after || NONE }];
}

/** Colours compared place by place, without regard to letter case (#1f3a5f is #1F3A5F). */
function paletteChanges(before: string[], after: string[]): KitChange[] {
  const changes: KitChange[] = [];
  for (let index = 0; index < Math.max(before.length, after.length); index++) {
    const was = before[index] ?? null;
    const now = after[index] ?? null;
    if (was?.toLowerCase() !== now?.toLowerCase()) changes.push({ kind: 'colour', field: `Colour ${index + 1}`, before: was, after: now });
  }
  return changes;
}

/**
 * Rules added and removed, each on its own line: the lists are compared as collections of sentences, so editing one
 * rule reads as the old wording removed and the new one added.
 */
function ruleChanges(field: string, before: readonly string[], after: readonly string[]): KitChange[] {
  const left = [...after];
  const removed = before.filter((rule) => {
    const at = left.indexOf(rule);
    if (at === -1) return true;
    left.splice(at, 1);
    return false;
  });
  return [
    ...removed.map((rule): KitChange => ({ kind: 'text', field, before: rule, after: NONE })),
    ...left.map((rule): KitChange => ({ kind: 'text', field, before: NONE, after: rule })),
  ];
}

/** A LoRA by the name people gave it in the library; an id only when the library no longer has it. */
type LoraNamer = (loraId: string) => string;

function loraNamer(library: readonly Lora[]): LoraNamer {
  const names = new Map(library.map((lora) => [lora.id, lora.name]));
  return (loraId) => names.get(loraId) ?? `a removed LoRA (${loraId})`;
}

function loraChanges(prefix: string, before: LoraMap, after: LoraMap, nameOf: LoraNamer): KitChange[] {
  const describe = (lora: LoraMap[string] | undefined) => (lora ? `${nameOf(lora.lora_id)} at strength ${lora.scale}` : '');
  const families = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return families.flatMap((family) => textChange(`${prefix} (${family})`, describe(before[family]), describe(after[family])));
}

/** What changed from `before` to `after`, field by field: each palette colour, each text, each LoRA by its library name. */
export function kitChanges(before: BrandKit, after: BrandKit, library: readonly Lora[] = []): KitChange[] {
  const nameOf = loraNamer(library);
  const changes = [
    ...textChange('Name', before.name, after.name),
    ...paletteChanges(before.palette, after.palette),
    ...textChange('Style suffix', before.style_suffix, after.style_suffix),
    ...textChange('Negative prompt', before.negative_prompt, after.negative_prompt),
    ...ruleChanges('Do', before.dos, after.dos),
    ...ruleChanges('Don’t', before.donts, after.donts),
    ...textChange('LoRA trigger word', before.lora.trigger_word, after.lora.trigger_word),
    ...loraChanges('LoRA', before.lora.by_family, after.lora.by_family, nameOf),
  ];
  for (const type of ASSET_TYPES) {
    const was = before.asset_types[type];
    const now = after.asset_types[type];
    const name = now.label;
    changes.push(
      ...textChange(`${name}: display name`, was.label, now.label),
      ...textChange(`${name}: template`, was.prompt_template, now.prompt_template),
      ...textChange(`${name}: size`, was.size, now.size),
      ...textChange(`${name}: aspect ratio`, was.aspect_ratio, now.aspect_ratio),
      ...textChange(`${name}: negative prompt`, was.negative_prompt, now.negative_prompt),
      ...loraChanges(`${name}: LoRA`, was.lora_by_family, now.lora_by_family, nameOf),
    );
  }
  return changes;
}
