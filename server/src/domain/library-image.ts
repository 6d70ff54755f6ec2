/** An image in the user's library: what history, favorites and retention work on. */
export interface LibraryImage {
  id: string;
  /** Insertion order; history pages run from the highest down. */
  seq: number;
  userId: string;
  jobId: string;
  slot: number;
  prompt: string;
  model: string;
  assetType: string | null;
  projectId: string | null;
  parentId: string | null;
  seed: number;
  width: number;
  height: number;
  blobKey: string;
  thumbnailKey: string;
  thumbnailEtag: string;
  /** ThumbHash, base64: a blurred stand-in the browser paints before the thumbnail arrives. */
  placeholder: string;
  favorite: boolean;
  createdAt: string;
  expiresAt: string | null;
}

export interface LibraryFilter {
  /** Words that must all appear in the prompt (prefix match), in any order. */
  text?: string;
  assetType?: string;
  model?: string;
  projectId?: string;
  /** Only the images of this job. */
  jobId?: string;
  /** Only the children (refinements) of this image. */
  parentId?: string;
  favorite?: boolean;
  /** ISO timestamps, inclusive lower and exclusive upper bound on created_at. */
  createdFrom?: string;
  createdBefore?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** When a non-favorite image made at `createdAt` is removed; never when retention is off (0 days). */
export function expiryOf(createdAt: string, favorite: boolean, retentionDays: number): string | null {
  if (favorite || retentionDays <= 0) return null;
  return new Date(Date.parse(createdAt) + retentionDays * DAY_MS).toISOString();
}

/**
 * The words of a search, lower-cased, without punctuation: letters and digits of any script.
 * Limited in number so a pasted essay cannot become an expensive query.
 */
export function searchWords(text: string, maxWords = 12): string[] {
  const words = text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, maxWords);
}

/** Removes accents (é → e), for databases whose word index keeps them. */
export function foldAccents(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').normalize('NFKC');
}
