import type { BrandKit } from '@brandgen/client';
import { ASSET_TYPES, type AssetType } from '../../../../server/src/domain/asset-types.ts';
import {
  ASPECT_RATIO,
  BRAND_RULES,
  DESCRIPTION_PLACEHOLDER,
  HEX_COLOUR,
  IMAGE_SIZE,
  LORA_SCALE,
  PALETTE_SIZE,
} from '../../../../server/src/domain/brand-kit-formats.ts';

/** One LoRA row as chosen: the kit keys LoRAs of the brand library by model family; the editor lists them. */
export interface LoraDraft {
  family: string;
  loraId: string;
  scale: string;
}

export interface AssetTypeDraft {
  label: string;
  prompt_template: string;
  size: string;
  aspect_ratio: string;
  negative_prompt: string;
  loras: LoraDraft[];
}

/** A brand kit while it is being edited: every field as the person typed it. */
export interface KitDraft {
  name: string;
  palette: string[];
  style_suffix: string;
  negative_prompt: string;
  /** The dos and don'ts as typed, one rule a row. */
  dos: string[];
  donts: string[];
  trigger_word: string;
  loras: LoraDraft[];
  asset_types: Record<AssetType, AssetTypeDraft>;
}

/** A problem found before asking the server, named by the same field path the server's 400 answer uses. */
export interface DraftProblem {
  field: string;
  message: string;
}

type LoraMap = BrandKit['lora']['by_family'];

const lorasOf = (byFamily: LoraMap): LoraDraft[] =>
  Object.entries(byFamily).map(([family, lora]) => ({ family, loraId: lora.lora_id, scale: String(lora.scale) }));

const lorasFrom = (rows: LoraDraft[]): LoraMap =>
  Object.fromEntries(rows.map((row) => [row.family.trim(), { lora_id: row.loraId, scale: Number(row.scale) }]));

export function draftOf(kit: BrandKit): KitDraft {
  return {
    name: kit.name,
    palette: [...kit.palette],
    style_suffix: kit.style_suffix,
    negative_prompt: kit.negative_prompt,
    dos: [...kit.dos],
    donts: [...kit.donts],
    trigger_word: kit.lora.trigger_word,
    loras: lorasOf(kit.lora.by_family),
    asset_types: Object.fromEntries(
      ASSET_TYPES.map((type) => {
        const { lora_by_family, ...settings } = kit.asset_types[type];
        return [type, { ...settings, loras: lorasOf(lora_by_family) }];
      }),
    ) as Record<AssetType, AssetTypeDraft>,
  };
}

/** The kit the draft describes, as PUT /api/brands/{id} takes it. */
export function kitOf(draft: KitDraft): BrandKit {
  return {
    name: draft.name.trim(),
    palette: draft.palette.map((colour) => colour.trim()),
    style_suffix: draft.style_suffix,
    negative_prompt: draft.negative_prompt,
    dos: draft.dos.map((rule) => rule.trim()),
    donts: draft.donts.map((rule) => rule.trim()),
    lora: { trigger_word: draft.trigger_word, by_family: lorasFrom(draft.loras) },
    asset_types: Object.fromEntries(
      ASSET_TYPES.map((type) => {
        const { loras, ...settings } = draft.asset_types[type];
        return [type, { ...settings, lora_by_family: lorasFrom(loras) }];
      }),
    ) as BrandKit['asset_types'],
  };
}

/** The field path of a LoRA row the server cannot name yet (its family is empty or taken twice). */
export const loraRowField = (base: string, index: number) => `${base}#${index + 1}`;

function loraProblems(base: string, rows: LoraDraft[]): DraftProblem[] {
  const problems: DraftProblem[] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const family = row.family.trim();
    const field = loraRowField(base, index);
    if (family === '') problems.push({ field, message: `LoRA ${index + 1}: name its model family, such as flux.` });
    else if (seen.has(family)) problems.push({ field, message: `LoRA ${index + 1}: ${family} already has a LoRA; a family takes one.` });
    seen.add(family);
    if (row.loraId === '') problems.push({ field, message: `LoRA ${index + 1}: pick a LoRA from the brand’s LoRA library.` });
    const scale = Number(row.scale);
    if (row.scale.trim() === '' || !Number.isFinite(scale) || scale < LORA_SCALE.min || scale > LORA_SCALE.max) {
      problems.push({ field, message: `LoRA ${index + 1}: the strength must be a number from ${LORA_SCALE.min} to ${LORA_SCALE.max}.` });
    }
  });
  return problems;
}

/** The dos or the don'ts: each rule written, and short; the list not longer than a kit takes. */
function ruleProblems(field: 'dos' | 'donts', noun: string, rules: string[]): DraftProblem[] {
  const problems: DraftProblem[] = [];
  rules.forEach((rule, index) => {
    const length = rule.trim().length;
    if (length < BRAND_RULES.minLength) {
      problems.push({ field: `${field}.${index}`, message: `${noun} ${index + 1} is empty: write the rule, or remove the row.` });
    } else if (length > BRAND_RULES.maxLength) {
      problems.push({
        field: `${field}.${index}`,
        message: `${noun} ${index + 1} is ${length} characters; keep it to ${BRAND_RULES.maxLength} (one short sentence).`,
      });
    }
  });
  if (rules.length > BRAND_RULES.maxRules) {
    problems.push({ field, message: `Keep at most ${BRAND_RULES.maxRules} rules here.` });
  }
  return problems;
}

function assetTypeProblems(type: AssetType, settings: AssetTypeDraft): DraftProblem[] {
  const base = `asset_types.${type}`;
  const problems: DraftProblem[] = [];
  if (settings.label.trim() === '') problems.push({ field: `${base}.label`, message: 'Give the asset type a name.' });
  if (!settings.prompt_template.includes(DESCRIPTION_PLACEHOLDER)) {
    problems.push({
      field: `${base}.prompt_template`,
      message: `The template must contain ${DESCRIPTION_PLACEHOLDER}, where the description goes.`,
    });
  }
  if (!IMAGE_SIZE.pattern.test(settings.size)) problems.push({ field: `${base}.size`, message: `The size ${IMAGE_SIZE.rule}.` });
  if (!ASPECT_RATIO.pattern.test(settings.aspect_ratio)) {
    problems.push({ field: `${base}.aspect_ratio`, message: `The aspect ratio ${ASPECT_RATIO.rule}.` });
  }
  return [...problems, ...loraProblems(`${base}.lora_by_family`, settings.loras)];
}

/** What the server would refuse, found while typing: the same formats, from the same module the server checks with. */
export function draftProblems(draft: KitDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (draft.name.trim() === '') problems.push({ field: 'name', message: 'Give the brand a name.' });
  draft.palette.forEach((colour, index) => {
    if (!HEX_COLOUR.pattern.test(colour.trim())) {
      problems.push({ field: `palette.${index}`, message: `Colour ${index + 1} ${HEX_COLOUR.rule}: a # and six hex digits.` });
    }
  });
  if (draft.palette.length < PALETTE_SIZE.min) problems.push({ field: 'palette', message: `Keep at least ${PALETTE_SIZE.min} colours.` });
  return [
    ...problems,
    ...ruleProblems('dos', 'Do', draft.dos),
    ...ruleProblems('donts', 'Don’t', draft.donts),
    ...loraProblems('lora.by_family', draft.loras),
    ...ASSET_TYPES.flatMap((type) => assetTypeProblems(type, draft.asset_types[type])),
  ];
}
