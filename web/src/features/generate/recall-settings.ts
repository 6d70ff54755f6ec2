/**
 * "Use these settings": an image's settings travel to the Generate page as URL search parameters, so any page
 * (history, a project, a shared link) can prefill the form, and fields other pages add (asset type, preset) join in.
 */
export interface RecalledSettings {
  prompt: string;
  seed?: number;
  model?: string;
  assetType?: string;
  preset?: string;
  /** The brand the image was made with, and the version of its kit, so the same prompt is composed again. */
  brandId?: string;
  brandVersion?: number;
  /** Set when the image is an edit: what it was asked to change. Shown beside the prompt, never part of it. */
  instruction?: string;
  /** Set when the settings come from a template: its name, for the note to say so. */
  template?: string;
}

export function recallSearch(settings: RecalledSettings): string {
  const query = new URLSearchParams({ prompt: settings.prompt });
  if (settings.seed !== undefined) query.set('seed', String(settings.seed));
  if (settings.model) query.set('model', settings.model);
  if (settings.assetType) query.set('asset_type', settings.assetType);
  if (settings.preset) query.set('preset', settings.preset);
  if (settings.brandId) query.set('brand_id', settings.brandId);
  if (settings.brandId && settings.brandVersion !== undefined) query.set('brand_version', String(settings.brandVersion));
  if (settings.instruction) query.set('instruction', settings.instruction);
  if (settings.template) query.set('template', settings.template);
  return `?${query.toString()}`;
}

export function readRecalledSettings(search: URLSearchParams): RecalledSettings | null {
  const prompt = search.get('prompt');
  if (prompt === null) return null;
  const seedText = search.get('seed');
  const seed = seedText !== null && /^\d{1,10}$/.test(seedText) ? Number(seedText) : undefined;
  const brandId = search.get('brand_id');
  const versionText = search.get('brand_version');
  const brandVersion = brandId && versionText !== null && /^[1-9]\d{0,8}$/.test(versionText) ? Number(versionText) : undefined;
  return {
    prompt,
    ...(seed !== undefined && { seed }),
    ...(search.get('model') && { model: search.get('model')! }),
    ...(search.get('asset_type') && { assetType: search.get('asset_type')! }),
    ...(search.get('preset') && { preset: search.get('preset')! }),
    ...(brandId && { brandId }),
    ...(brandVersion !== undefined && { brandVersion }),
    ...(search.get('instruction') && { instruction: search.get('instruction')! }),
    ...(search.get('template') && { template: search.get('template')! }),
  };
}
