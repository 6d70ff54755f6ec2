import type { IconEntry, IconIndex } from './icon-index.ts';
import { subjectPhrases, wordForms } from './subject-words.ts';

/** An icon chosen for a description, with the word of the description it was chosen for. */
export interface Subject {
  icon: string;
  word: string;
}

/**
 * Icon variants that show a state or an action on the thing ("coffee-off", "bike-x", "file-search") rather than the
 * thing itself; they lose to the plain icon unless the description asks for that word.
 */
const variantWords = new Set(
  'off x plus minus check cancel search share star heart up down left right question exclamation dollar cog code bolt pause pin spark ai edit lock dots filled'.split(
    ' ',
  ),
);
/** A description needs at least an exact tag to draw an icon: a word inside a tag alone ("dusk" in "dusk-mode") is too loose. */
const weakestMatch = 5;
const mostSubjects = 2;

/**
 * Up to two subjects, one per phrase, first phrase first, the same for the same description whatever the seed. Scores
 * add the best way each word matches (name, word of the name, tag, word of a tag) and reward two words that match a
 * two-word tag together ("paper plane"); later words weigh a little more, as English puts the head noun last
 * ("coffee cup"). Ties go to the shorter, then alphabetically first name.
 */
export function matchSubjects(description: string, index: IconIndex): Subject[] {
  const subjects: Subject[] = [];
  for (const phrase of subjectPhrases(description)) {
    const best = bestIconFor(phrase.subject, index) ?? bestIconFor(phrase.setting, index);
    if (best !== undefined && !subjects.some((subject) => subject.icon === best.icon)) subjects.push(best);
    if (subjects.length === mostSubjects) break;
  }
  return subjects;
}

function bestIconFor(phrase: readonly string[], index: IconIndex): Subject | undefined {
  if (phrase.length === 0) return undefined;
  const forms = phrase.map(wordForms);
  const pairs = phrase.slice(1).flatMap((word, position) => wordForms(word).map((form) => `${phrase[position]}-${form}`));
  const terms = new Set([...forms.flat(), ...pairs]);
  const mentioned = (icon: IconEntry): boolean =>
    terms.has(icon.name) ||
    icon.nameWords.some((word) => terms.has(word)) ||
    icon.tagWords.some((word) => terms.has(word)) ||
    icon.tags.some((tag) => terms.has(tag));
  let best: { icon: IconEntry; score: number; word: string } | undefined;
  for (const icon of index.icons) {
    // Most icons share no word with the phrase; a set lookup per word rules them out before any scoring.
    if (!mentioned(icon)) continue;
    // Other companies' logos are trademarks, never a subject for a brand's own picture.
    if (icon.name.startsWith('brand-')) continue;
    let score = 0;
    let strongest = { word: '', score: 0 };
    forms.forEach((wordForms, position) => {
      const weight = 1 + 0.15 * position;
      const wordScore = weight * Math.max(...wordForms.map((form) => formScore(icon, form)));
      score += wordScore;
      if (wordScore > strongest.score) strongest = { word: phrase[position] ?? '', score: wordScore };
    });
    score += Math.max(0, ...pairs.map((pair) => pairScore(icon, pair)));
    if (score < weakestMatch) continue;
    score -= variantPenalty(icon, phrase);
    if (best === undefined || score > best.score || (score === best.score && precedes(icon.name, best.icon.name))) {
      best = { icon, score, word: strongest.word };
    }
  }
  return best && { icon: best.icon.name, word: best.word };
}

function formScore(icon: IconEntry, form: string): number {
  if (icon.name === form) return 10;
  if (icon.nameWords.includes(form)) return 6;
  if (icon.tags.includes(form)) return 5;
  if (icon.tagWords.includes(form)) return 2;
  return 0;
}

function pairScore(icon: IconEntry, pair: string): number {
  if (icon.name === pair || icon.tags.includes(pair)) return 12;
  if (icon.name.includes(pair)) return 8;
  return 0;
}

function variantPenalty(icon: IconEntry, phrase: readonly string[]): number {
  let penalty = 0;
  for (const word of icon.nameWords) {
    if (phrase.includes(word)) continue;
    if (variantWords.has(word)) penalty += 4;
    else if (/^\d+$/.test(word)) penalty += 1;
    else penalty += 0.5;
  }
  return penalty;
}

function precedes(name: string, other: string): boolean {
  return name.length < other.length || (name.length === other.length && name < other);
}
