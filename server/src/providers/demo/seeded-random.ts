/**
 * Deterministic pseudo-random numbers for the demo model. The same prompt and seed must give a
 * byte-identical picture, which Math.random cannot promise; mulberry32 is tiny, fast and more than
 * good enough for placing shapes.
 */

export interface SeededRandom {
  /** A number in [0, 1). */
  next(): number;
  /** A number in [minimum, maximum). */
  between(minimum: number, maximum: number): number;
  /** An integer in [minimum, maximum], both ends included. */
  integer(minimum: number, maximum: number): number;
  chance(probability: number): boolean;
  pick<Item>(items: readonly Item[]): Item;
  shuffle<Item>(items: readonly Item[]): Item[];
}

export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };

  const integer = (minimum: number, maximum: number): number => minimum + Math.floor(next() * (maximum - minimum + 1));

  return {
    next,
    between: (minimum, maximum) => minimum + next() * (maximum - minimum),
    integer,
    chance: (probability) => next() < probability,
    pick<Item>(items: readonly Item[]): Item {
      const item = items[integer(0, items.length - 1)];
      if (item === undefined) throw new Error('cannot pick from an empty list');
      return item;
    },
    shuffle<Item>(items: readonly Item[]): Item[] {
      const shuffled = [...items];
      for (let index = shuffled.length - 1; index > 0; index -= 1) {
        const other = integer(0, index);
        [shuffled[index], shuffled[other]] = [shuffled[other] as Item, shuffled[index] as Item];
      }
      return shuffled;
    },
  };
}

/**
 * A 32-bit hash of text (FNV-1a over UTF-8). The murmur3 finaliser matters: plain FNV-1a gives
 * "prompt 1" and "prompt 2" hashes that differ only in a few bits, and mulberry32 seeded with
 * near-identical states starts with visibly similar numbers.
 */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
