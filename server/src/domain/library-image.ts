import type { BrandFit } from './brand-fit-result.ts';
import type { BrandRef } from './brand.ts';

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
  /** How the image was made from its parent; null for images that refine nothing. */
  refinement: ImageRefinement | null;
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
  /** How well the image keeps to the brand palette; null for images made before scoring (docs/brand-fit.md). */
  brandFit: BrandFit | null;
  /** The brand version the image was made with. */
  brand: BrandRef;
}

export type ImageRefinement = { kind: 'edit'; instruction: string } | { kind: 'variation'; strength: number | null };

/** Reads a stored refinement, tolerating anything unexpected as "not a refinement" rather than failing a page. */
export function parseImageRefinement(json: string | null): ImageRefinement | null {
  if (json === null) return null;
  try {
    const value = JSON.parse(json) as Record<string, unknown>;
    if (value.kind === 'edit' && typeof value.instruction === 'string') return { kind: 'edit', instruction: value.instruction };
    if (value.kind === 'variation') return { kind: 'variation', strength: typeof value.strength === 'number' ? value.strength : null };
  } catch {
    // Fall through: an unreadable value is shown as no refinement.
  }
  return null;
}

export interface LibraryFilter {
  /** Words that must all appear in the prompt (prefix match), in any order. */
  text?: string;
  assetType?: string;
  model?: string;
  projectId?: string;
  /** Only images whose jobs were made with this brand (any version). */
  brandId?: string;
  /** Only the images of this job. */
  jobId?: string;
  /** Only the images of this batch's jobs. */
  batchId?: string;
  /** Only the children (refinements) of this image. */
  parentId?: string;
  favorite?: boolean;
  /** ISO timestamps, inclusive lower and exclusive upper bound on created_at. */
  createdFrom?: string;
  createdBefore?: string;
  /** Only images scored at least this brand fit (0–100); unscored images are left out. */
  minBrandFit?: number;
}

/** The order of a library page: newest first, or best brand fit first (unscored last, then newest first). */
export type LibraryOrder = 'newest' | 'brand_fit';

/** Where a page ends, for the next one to continue after: the seq, and for brand-fit order the fit (-1: unscored). */
export interface LibraryPosition {
  seq: number;
  fit?: number;
}

/** The cursor of the page after `image`: its seq, or in brand-fit order `fit_seq`. */
export function cursorAfter(image: LibraryImage, order: LibraryOrder): string {
  return order === 'brand_fit' ? `${image.brandFit?.score ?? -1}_${image.seq}` : String(image.seq);
}

/** Reads a cursor made by cursorAfter for the same order; undefined when it does not fit that order. */
export function parseCursor(cursor: string, order: LibraryOrder): LibraryPosition | undefined {
  const match = order === 'brand_fit' ? /^(-1|[0-9]{1,3})_([1-9][0-9]{0,15})$/.exec(cursor) : /^()([1-9][0-9]{0,15})$/.exec(cursor);
  if (!match) return undefined;
  const seq = Number(match[2]);
  return order === 'brand_fit' ? { seq, fit: Number(match[1]) } : { seq };
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
  const words =
    text
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, maxWords);
}

/** Removes accents (é → e), for databases whose word index keeps them. */
export function foldAccents(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFKC');
}

/** A library image's thumbnail, written under the image's id before the image's row exists. */
export interface StoredThumbnail {
  imageId: string;
  key: string;
  etag: string;
  placeholder: string;
}
