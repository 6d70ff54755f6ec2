import type { BrandBrief } from './brand-brief.ts';

/** Kinds of asset a brief expands into when no language model is configured; each gives a distinct prompt. */
const concepts = [
  (brief: BrandBrief) => `a minimal logo mark for ${brief.brandName}${industryClause(brief, ', ')}`,
  (brief: BrandBrief) => `a wordmark reading "${brief.brandName}"${audienceClause(brief, ' for ')}`,
  (brief: BrandBrief) => `a social media post announcing ${brief.brandName}${audienceClause(brief, ' to ')}`,
  (brief: BrandBrief) => `a website hero banner for ${brief.brandName}${industryClause(brief, ', ')}`,
  (brief: BrandBrief) => `a brand pattern for ${brief.brandName} packaging`,
  (brief: BrandBrief) => `an app icon for ${brief.brandName}`,
  (brief: BrandBrief) => `a poster introducing ${brief.brandName}${audienceClause(brief, ' to ')}`,
  (brief: BrandBrief) => `a business card design for ${brief.brandName}`,
  (brief: BrandBrief) => `a mascot illustration for ${brief.brandName}`,
  (brief: BrandBrief) => `an email header for ${brief.brandName} customers`,
  (brief: BrandBrief) => `a merchandise tote bag print for ${brief.brandName}`,
  (brief: BrandBrief) => `a signage mockup for a ${brief.brandName} storefront`,
];

export const MAX_EXPANDED_PROMPTS = concepts.length;

/** Words that already make a don't a negation: "no people" stays "no people", never "without no people". */
const NEGATION = /^(no|not|never|without|avoid|don't|do not)\b/i;

/**
 * The brief as N prompts without a language model: one asset kind each, with the tone, style words and colours
 * appended and the don'ts as negations. Deterministic, so the same brief always gives the same prompts.
 */
export function expandBriefByTemplate(brief: BrandBrief, count: number): string[] {
  const details = [
    brief.tone.length > 0 && `${brief.tone.join(', ')} tone`,
    brief.styleWords.length > 0 && brief.styleWords.join(', '),
    brief.colours.length > 0 && `colours ${brief.colours.join(', ')}`,
    brief.dos.length > 0 && brief.dos.join(', '),
    brief.donts.length > 0 && brief.donts.map(negated).join(', '),
  ].filter(Boolean);
  return concepts.slice(0, count).map((concept) => [concept(brief), ...details].join(', ').slice(0, 500));
}

function negated(dont: string): string {
  return NEGATION.test(dont) ? dont : `without ${dont}`;
}

/** ", a specialty coffee roaster" from "Specialty coffee roaster brand"; nothing when the brief names no industry. */
function industryClause(brief: BrandBrief, joiner: string): string {
  const industry = lowerFirstWord(brief.industry.trim().replace(/\s+brand$/i, '')).trim();
  if (industry === '') return '';
  if (/^(a|an|the)\s/i.test(industry)) return `${joiner}${industry}`;
  return `${joiner}${/^[aeiou]/i.test(industry) ? 'an' : 'a'} ${industry}`;
}

function audienceClause(brief: BrandBrief, joiner: string): string {
  const audience = lowerFirstWord(brief.audience.trim());
  return audience === '' ? '' : `${joiner}${audience}`;
}

/** Sentence case from a form field ("Specialty coffee") reads wrong mid-sentence; acronyms ("B2B", "SaaS") stay. */
function lowerFirstWord(text: string): string {
  return text.replace(/^([A-Z])([a-z]+)\b/, (_word, first: string, rest: string) => `${first.toLowerCase()}${rest}`);
}
