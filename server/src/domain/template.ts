/** A saved parameter set whose prompt may hold `{placeholders}` filled in when it is applied. */
export interface Template {
  id: string;
  userId: string;
  name: string;
  prompt: string;
  assetType: string | null;
  model: string | null;
  preset: string | null;
  /** LoRA name → weight, replacing the brand kit's weights for jobs made from this template. */
  loraOverrides: Record<string, number>;
  createdAt: string;
  updatedAt: string;
}

const placeholderPattern = /\{([A-Za-z_][A-Za-z0-9_ -]{0,39})\}/g;

/** The placeholder names of a prompt, each once, in order of first appearance. */
export function placeholdersOf(prompt: string): string[] {
  return [...new Set([...prompt.matchAll(placeholderPattern)].map((match) => match[1]!.trim()))];
}

export type FillResult = { ok: true; prompt: string } | { ok: false; missing: string[] };

/** Replaces every placeholder with its value (trimmed); fails naming the placeholders left without a value. */
export function fillPlaceholders(prompt: string, values: Readonly<Record<string, string>>): FillResult {
  const missing = placeholdersOf(prompt).filter((name) => !(values[name] ?? '').trim());
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, prompt: prompt.replace(placeholderPattern, (_match, name: string) => values[name.trim()]!.trim()) };
}
