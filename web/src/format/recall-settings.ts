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
}

export function recallSearch(settings: RecalledSettings): string {
  const query = new URLSearchParams({ prompt: settings.prompt });
  if (settings.seed !== undefined) query.set('seed', String(settings.seed));
  if (settings.model) query.set('model', settings.model);
  if (settings.assetType) query.set('asset_type', settings.assetType);
  if (settings.preset) query.set('preset', settings.preset);
  return `?${query.toString()}`;
}

export function readRecalledSettings(search: URLSearchParams): RecalledSettings | null {
  const prompt = search.get('prompt');
  if (prompt === null) return null;
  const seedText = search.get('seed');
  const seed = seedText !== null && /^\d{1,10}$/.test(seedText) ? Number(seedText) : undefined;
  return {
    prompt,
    ...(seed !== undefined && { seed }),
    ...(search.get('model') && { model: search.get('model')! }),
    ...(search.get('asset_type') && { assetType: search.get('asset_type')! }),
    ...(search.get('preset') && { preset: search.get('preset')! }),
  };
}
