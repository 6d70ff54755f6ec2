/** LoRA overrides as people type them: "brand-style=0.8, grain=0.3". */
export function formatLoraOverrides(overrides: Record<string, number>): string {
  return Object.entries(overrides)
    .map(([name, weight]) => `${name}=${weight}`)
    .join(', ');
}

export type ParsedOverrides = { ok: true; overrides: Record<string, number> } | { ok: false; message: string };

export function parseLoraOverrides(text: string): ParsedOverrides {
  const overrides: Record<string, number> = {};
  for (const part of text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter(Boolean)) {
    const match = /^([^=\s]+)\s*=\s*(-?\d+(?:\.\d+)?)$/.exec(part);
    if (!match) return { ok: false, message: `Write each LoRA as name=weight, e.g. brand-style=0.8 (not "${part}").` };
    overrides[match[1]!] = Number(match[2]);
  }
  return { ok: true, overrides };
}
