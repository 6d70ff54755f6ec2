import { createSeededRandom, hashText } from './seeded-random.ts';
import type { SubjectEdit } from './subject-drawing.ts';

/** What a demo edit changes in a re-drawn scene: the subject, or the background when the instruction says so. */
export type SceneEdit = { target: 'subject'; change: SubjectEdit } | { target: 'background'; colour: string | null; shift: number };

const backgroundWords = new Set(['background', 'backdrop', 'sky', 'scene', 'surroundings', 'setting']);

/** A few colour names as flat, mid-bright colours; a named colour is drawn as asked even when it is off-palette. */
const namedColours: Readonly<Record<string, string>> = {
  red: '#D7263D',
  orange: '#F46036',
  yellow: '#F2C14E',
  green: '#2E933C',
  teal: '#1B998B',
  blue: '#1B6FC9',
  navy: '#1F2A5A',
  purple: '#6A4C93',
  violet: '#7F5AB6',
  pink: '#E56399',
  brown: '#8B5A2B',
  black: '#111111',
  white: '#FFFFFF',
  grey: '#8A8F98',
  gray: '#8A8F98',
  gold: '#D4A017',
};

/** The edit an instruction and seed stand for; the same two always give the same edit. */
export function sceneEditFor(instruction: string, seed: number): SceneEdit {
  const words = instruction.toLowerCase().match(/[\p{L}]+/gu) ?? [];
  const colour = words.map((word) => namedColours[word]).find((named) => named !== undefined) ?? null;
  const shift = (hashText(instruction) + seed) >>> 0;
  if (words.some((word) => backgroundWords.has(word))) return { target: 'background', colour, shift };
  const random = createSeededRandom(hashText(`${instruction}\u0000${seed}`));
  const turn = random.between(6, 14) * (random.chance(0.5) ? 1 : -1);
  return { target: 'subject', change: { colour, shift, turnDegrees: turn, scale: random.between(0.9, 1.12) } };
}
