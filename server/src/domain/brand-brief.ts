/** A brand project's structured brief (LogoKraft): what an image prompt for the brand must respect. */
export interface BrandBrief {
  brandName: string;
  industry: string;
  audience: string;
  tone: string[];
  styleWords: string[];
  colours: string[];
  dos: string[];
  donts: string[];
}

/** An image the user uploaded to show the look they want, stored cleaned (rotated upright, no metadata). */
export interface ProjectInspiration {
  blobKey: string;
  mediaType: string;
  width: number;
  height: number;
  byteSize: number;
  sha256: string;
}

export interface Project {
  id: string;
  userId: string;
  name: string;
  brief: BrandBrief;
  inspiration: ProjectInspiration | null;
  /** The brand the project's jobs are made with. */
  brandId: string;
  createdAt: string;
  updatedAt: string;
}

/** Kinds of asset a brief expands into when no language model is configured; each gives a distinct prompt. */
const concepts = [
  (brief: BrandBrief) => `a minimal logo mark for ${brief.brandName}, a ${brief.industry} brand`,
  (brief: BrandBrief) => `a wordmark reading "${brief.brandName}" for ${brief.audience}`,
  (brief: BrandBrief) => `a social media post announcing ${brief.brandName} to ${brief.audience}`,
  (brief: BrandBrief) => `a website hero banner for ${brief.brandName}, ${brief.industry}`,
  (brief: BrandBrief) => `a brand pattern for ${brief.brandName} packaging`,
  (brief: BrandBrief) => `an app icon for ${brief.brandName}`,
  (brief: BrandBrief) => `a poster introducing ${brief.brandName} to ${brief.audience}`,
  (brief: BrandBrief) => `a business card design for ${brief.brandName}`,
  (brief: BrandBrief) => `a mascot illustration for ${brief.brandName}`,
  (brief: BrandBrief) => `an email header for ${brief.brandName} customers`,
  (brief: BrandBrief) => `a merchandise tote bag print for ${brief.brandName}`,
  (brief: BrandBrief) => `a signage mockup for a ${brief.brandName} storefront`,
];

export const MAX_EXPANDED_PROMPTS = concepts.length;

/**
 * The brief as N prompts without a language model: one asset kind each, with the tone, style words and colours
 * appended and the don'ts as "without" clauses. Deterministic, so the same brief always gives the same prompts.
 */
export function expandBriefByTemplate(brief: BrandBrief, count: number): string[] {
  const details = [
    brief.tone.length > 0 && `${brief.tone.join(', ')} tone`,
    brief.styleWords.length > 0 && brief.styleWords.join(', '),
    brief.colours.length > 0 && `colours ${brief.colours.join(', ')}`,
    brief.dos.length > 0 && brief.dos.join(', '),
    brief.donts.length > 0 && `without ${brief.donts.join(', without ')}`,
  ].filter(Boolean);
  return concepts.slice(0, count).map((concept) => [concept(brief), ...details].join(', ').slice(0, 500));
}
