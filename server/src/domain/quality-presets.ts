/** Draft, Standard and High: how much time and money a person wants to spend on a set of images. */
export const QUALITY_PRESETS = ['draft', 'standard', 'high'] as const;
export type QualityPreset = (typeof QUALITY_PRESETS)[number];
export const DEFAULT_PRESET: QualityPreset = 'standard';

/** What a preset means for one model: the provider's model variant, steps, guidance and the price estimate. */
export interface PresetSettings {
  /** The provider's own model id for this preset (e.g. HiDream Fast, Dev or Full). */
  variant: string;
  steps: number | null;
  guidance: number | null;
  /** For providers that take a quality word instead of steps (OpenAI: low, medium, high). */
  quality?: string;
  pricePerImageUsd: number;
}

export type PresetTable = Record<QualityPreset, PresetSettings>;

export function isQualityPreset(value: string): value is QualityPreset {
  return (QUALITY_PRESETS as readonly string[]).includes(value);
}

export const presetLabels: Record<QualityPreset, string> = { draft: 'Draft', standard: 'Standard', high: 'High' };

/** One variant for every preset, for models whose provider offers no choice. */
export function samePresets(settings: PresetSettings): PresetTable {
  return { draft: settings, standard: settings, high: settings };
}
