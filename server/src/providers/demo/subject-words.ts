/**
 * The words of a description that can name a subject: grouped into phrases at "and", "with", "plus" and "&", so
 * "a cup and a croissant" names two things and "a ceramic coffee cup" one. Within a phrase, a preposition starts the
 * setting ("a kite | on a windy beach"), which is drawn only when the thing itself has no icon. Articles, colours,
 * numbers and the design words every prompt is full of ("flat vector illustration") are dropped, so they never pick an
 * icon.
 */
export interface SubjectPhrase {
  subject: string[];
  setting: string[];
}

const joiners = new Set(['and', 'with', 'plus']);
const prepositions = new Set(
  'on in at under over near beside behind above below between through across against along around inside outside by into onto atop during for from'.split(
    ' ',
  ),
);

const ignoredWords = new Set(
  [
    'a an the of to up down out off this that these those it its is are be some any my our your their his her very',
    'flat vector icon icons illustration illustrations image images picture photo photograph drawing render rendering',
    'style styled design concept logo logos mark hero banner product products brand branded branding graphic',
    'minimal minimalist simple clean modern bold abstract geometric soft cute friendly happy playful elegant premium',
    'beautiful nice pretty stylish colorful colourful detailed realistic isometric 3d 2d closeup view background scene',
    'big small large tiny little huge wide tall ceramic linen shiny glossy matte warm cool vintage retro',
    'red orange yellow green blue purple violet pink brown black white grey gray gold golden silver teal navy cyan',
    'magenta beige cream pastel colour color colours colors',
  ]
    .join(' ')
    .split(' '),
);

/** A few everyday words the icon tags spell differently. */
const synonyms: Readonly<Record<string, readonly string[]>> = {
  croissant: ['bread'],
  pastry: ['bread'],
  bicycle: ['bike'],
  aeroplane: ['plane'],
  airplane: ['plane'],
  jet: ['plane'],
  puppy: ['dog'],
  kitten: ['cat'],
  automobile: ['car'],
  teacup: ['cup'],
  smartphone: ['phone'],
  cellphone: ['phone'],
  sneaker: ['shoe'],
  boat: ['sailboat'],
  hamburger: ['burger'],
  donut: ['doughnut'],
};

const irregularPlurals: Readonly<Record<string, string>> = {
  mice: 'mouse',
  geese: 'goose',
  people: 'person',
  children: 'child',
  feet: 'foot',
  teeth: 'tooth',
  men: 'man',
  women: 'woman',
};

/** The description's phrases in the order they were written, their words in lower case. */
export function subjectPhrases(description: string): SubjectPhrase[] {
  const words =
    description
      .toLowerCase()
      .replaceAll('&', ' and ')
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const phrases: SubjectPhrase[] = [];
  let current: SubjectPhrase = { subject: [], setting: [] };
  let inSetting = false;
  for (const word of words) {
    if (joiners.has(word)) {
      phrases.push(current);
      current = { subject: [], setting: [] };
      inSetting = false;
    } else if (prepositions.has(word)) {
      inSetting = true;
    } else if (!ignoredWords.has(word) && !/^\d+$/.test(word)) {
      (inSetting ? current.setting : current.subject).push(word);
    }
  }
  phrases.push(current);
  return phrases.filter((phrase) => phrase.subject.length + phrase.setting.length > 0);
}

/** The word as written, its singular forms and its synonyms: "bicycles" → bicycles, bicycle, bike. */
export function wordForms(word: string): string[] {
  const forms = new Set([word, ...singularForms(word)]);
  for (const form of [...forms]) for (const synonym of synonyms[form] ?? []) forms.add(synonym);
  return [...forms];
}

function singularForms(word: string): string[] {
  const irregular = irregularPlurals[word];
  if (irregular !== undefined) return [irregular];
  if (word.length <= 3) return [];
  if (word.endsWith('ies')) return [`${word.slice(0, -3)}y`];
  if (word.endsWith('ves')) return [`${word.slice(0, -3)}f`, `${word.slice(0, -3)}fe`];
  if (/(?:s|x|z|ch|sh)es$/.test(word)) return [word.slice(0, -2)];
  if (word.endsWith('s') && !word.endsWith('ss')) return [word.slice(0, -1)];
  return [];
}
