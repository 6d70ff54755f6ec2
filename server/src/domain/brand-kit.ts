import { z } from 'zod';

const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1F3A5F');

const loraReference = z.object({
  path: z.string().min(1),
  scale: z.number().min(0).max(2).default(1),
});

/** The brand file: everything applied to a prompt without the user configuring anything (seed FR-1.5). */
export const brandKitSchema = z.object({
  name: z.string().min(1),
  palette: z.array(hexColour).min(2).max(12),
  style_suffix: z.string().default(''),
  negative_prompt: z.string().default(''),
  lora: z
    .object({
      trigger_word: z.string().default(''),
      by_family: z.record(z.string(), loraReference).default({}),
    })
    .default({ trigger_word: '', by_family: {} }),
});

export type BrandKit = z.infer<typeof brandKitSchema>;
export type LoraReference = z.infer<typeof loraReference>;

export function loraForFamily(brand: BrandKit, family: string | undefined): LoraReference | undefined {
  return family ? brand.lora.by_family[family] : undefined;
}
