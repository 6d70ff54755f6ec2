/** What a set teaches: the brand's look, or one product or mascot. */
export const TRAINING_KINDS = ['style', 'subject'] as const;
export type TrainingKind = (typeof TRAINING_KINDS)[number];

/** Trainers learn too little from fewer images and gain little from more (the range Leonardo and fal suggest). */
export const TRAINING_IMAGES = { min: 10, max: 50 } as const;
/** Trainers work at 512 px or more; a smaller image is scaled up and teaches blur. */
export const TRAINING_MIN_SHORT_SIDE = 512;
/** Difference hashes this close (of 64 bits) come from the same picture, resized, recompressed or slightly cropped. */
export const NEAR_DUPLICATE_BITS = 6;

export interface TrainingSetImage {
  id: string;
  setId: string;
  blobKey: string;
  fileName: string;
  width: number;
  height: number;
  sha256: string;
  /** 16 hex digits. */
  differenceHash: string;
  caption: string;
  createdAt: string;
}

export interface TrainingSet {
  id: string;
  brandId: string;
  name: string;
  triggerWord: string;
  kind: TrainingKind;
  images: TrainingSetImage[];
  createdAt: string;
  updatedAt: string;
}

/** What a person should look at before training on an image. */
export interface ImageFlags {
  /** Shorter side under TRAINING_MIN_SHORT_SIDE. */
  small: boolean;
  /** The id of an earlier image of the set this one nearly repeats. */
  nearDuplicateOf: string | null;
}

export function hammingDistance(first: string, second: string): number {
  let bits = BigInt(`0x${first}`) ^ BigInt(`0x${second}`);
  let count = 0;
  while (bits > 0n) {
    count += Number(bits & 1n);
    bits >>= 1n;
  }
  return count;
}

/** Flags every image; a near-duplicate points at the first image it repeats, so one of each pair stays unflagged. */
export function flagImages(images: readonly TrainingSetImage[]): Map<string, ImageFlags> {
  const flags = new Map<string, ImageFlags>();
  images.forEach((image, index) => {
    const earlier = images
      .slice(0, index)
      .find((other) => hammingDistance(other.differenceHash, image.differenceHash) <= NEAR_DUPLICATE_BITS);
    flags.set(image.id, {
      small: Math.min(image.width, image.height) < TRAINING_MIN_SHORT_SIDE,
      nearDuplicateOf: earlier?.id ?? null,
    });
  });
  return flags;
}

/** Why a set cannot be trained on yet, in plain words; empty when it can. */
export function trainingReadinessProblems(set: Pick<TrainingSet, 'images' | 'triggerWord'>): string[] {
  const count = set.images.length;
  const problems: string[] = [];
  if (count < TRAINING_IMAGES.min) {
    problems.push(
      `The set has ${count} image${count === 1 ? '' : 's'}; a training needs at least ${TRAINING_IMAGES.min}. Add ${TRAINING_IMAGES.min - count} more.`,
    );
  }
  if (count > TRAINING_IMAGES.max)
    problems.push(`The set has ${count} images; a training takes at most ${TRAINING_IMAGES.max}. Remove some.`);
  if (set.triggerWord.trim() === '') problems.push('Give the set a trigger word: the word that calls the trained look up in a prompt.');
  return problems;
}

/** A caption left empty reads as the trigger word alone, which is what trainers expect of an uncaptioned image. */
export function captionOrTrigger(caption: string | undefined, triggerWord: string): string {
  const trimmed = caption?.trim() ?? '';
  return trimmed === '' ? triggerWord : trimmed;
}
