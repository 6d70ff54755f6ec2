import type { AssetType } from '../../domain/brand-kit.ts';
import { iconGlyph, iconIndex } from './icon-index.ts';
import { hashText } from './seeded-random.ts';
import type { SubjectGlyph } from './subject-drawing.ts';
import { matchSubjects, type Subject } from './subject-match.ts';

export interface ResolvedSubjects {
  subjects: SubjectGlyph[];
  /** An icon needs a glyph even when nothing matched: an abstract one, chosen by the description, never by the seed. */
  fallbackGlyph: SubjectGlyph | undefined;
}

const abstractGlyphs = ['sparkles', 'hexagon', 'circle-dot', 'square-rotated', 'triangle', 'diamond', 'bolt', 'flower', 'leaf', 'star'];
/** A job's four images share one description; remembering a few hundred answers spares the scan over every icon. */
const rememberedDescriptions = 256;
const matches = new Map<string, Promise<Subject[]>>();

/** The icons a description names, with their drawings; the icon set is read on the first call. */
export async function resolveSubjects(description: string, assetType: AssetType | undefined): Promise<ResolvedSubjects> {
  const subjects = await subjectsOf(description);
  const glyphs = await Promise.all(subjects.map(async ({ icon }) => ({ icon, markup: await iconGlyph(icon) })));
  if (glyphs.length > 0 || assetType !== 'icon') return { subjects: glyphs, fallbackGlyph: undefined };
  const icon = abstractGlyphs[hashText(description) % abstractGlyphs.length] ?? 'sparkles';
  return { subjects: [], fallbackGlyph: { icon, markup: await iconGlyph(icon) } };
}

/** The icons a description names, without drawing them; the slots of one job, asking at once, share one answer. */
function subjectsOf(description: string): Promise<Subject[]> {
  let found = matches.get(description);
  if (found === undefined) {
    found = iconIndex().then((index) => matchSubjects(description, index));
    found.catch(() => matches.delete(description));
    if (matches.size >= rememberedDescriptions) matches.delete(matches.keys().next().value as string);
    matches.set(description, found);
  }
  return found;
}
