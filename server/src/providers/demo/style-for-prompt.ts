import { compositionStyles, type CompositionStyle } from './composition-styles.ts';
import { hashText } from './seeded-random.ts';

/**
 * Words that steer the layout, so "ocean campaign" gets waves and "app launch" gets cards: the demo
 * then feels like it listens. Generic design words ("geometric", "soft", "space", "abstract") are
 * left out on purpose: brand style suffixes are full of them and would pull every prompt one way.
 */
const styleKeywords: ReadonlyArray<readonly [CompositionStyle, readonly string[]]> = [
  [
    'waves',
    [
      'ocean',
      'sea',
      'wave',
      'waves',
      'water',
      'beach',
      'river',
      'lake',
      'surf',
      'music',
      'sound',
      'audio',
      'podcast',
      'landscape',
      'mountain',
      'mountains',
      'hills',
      'sunset',
      'sunrise',
      'travel',
      'summer',
      'holiday',
      'weather',
    ],
  ],
  [
    'orbit',
    [
      'planet',
      'orbit',
      'galaxy',
      'cosmic',
      'rocket',
      'astronaut',
      'moon',
      'sun',
      'global',
      'globe',
      'world',
      'satellite',
      'science',
      'future',
      'star',
      'stars',
      'universe',
      'network',
      'innovation',
    ],
  ],
  [
    'bauhaus',
    [
      'grid',
      'pattern',
      'architecture',
      'building',
      'city',
      'tile',
      'tiles',
      'mosaic',
      'poster',
      'bauhaus',
      'retro',
      'gallery',
      'museum',
      'festival',
      'event',
      'conference',
      'exhibition',
    ],
  ],
  [
    'blobs',
    [
      'nature',
      'organic',
      'leaf',
      'plant',
      'plants',
      'garden',
      'flower',
      'flowers',
      'food',
      'coffee',
      'tea',
      'fruit',
      'wellness',
      'health',
      'yoga',
      'friendly',
      'community',
      'kids',
      'play',
      'pet',
      'pets',
      'animal',
      'spring',
    ],
  ],
  [
    'cards',
    [
      'app',
      'product',
      'dashboard',
      'ui',
      'card',
      'cards',
      'software',
      'saas',
      'launch',
      'feature',
      'team',
      'office',
      'startup',
      'finance',
      'business',
      'document',
      'report',
      'data',
      'analytics',
      'chart',
      'email',
      'newsletter',
    ],
  ],
];

const styleByKeyword = new Map(styleKeywords.flatMap(([style, words]) => words.map((word) => [word, style] as const)));

/**
 * The earliest steering word wins because composed prompts put the user's description before the
 * brand's style suffix. Prompts without one still get a stable layout from a hash of their words.
 */
export function styleForPrompt(prompt: string): CompositionStyle {
  const words = prompt.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const word of words) {
    const style = styleByKeyword.get(word);
    if (style !== undefined) return style;
  }
  return compositionStyles[hashText(words.join(' ')) % compositionStyles.length] ?? 'blobs';
}
