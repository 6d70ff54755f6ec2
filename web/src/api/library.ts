import { request } from './client.ts';
import type { CreatedJob } from './types.ts';

/** How an image was made from its parent: an edit with its instruction, or a variation (with a strength for image-to-image). */
export type ImageRefinement = { kind: 'edit'; instruction: string } | { kind: 'variation'; strength: number | null };

/** An image in the library, as GET /api/images answers. */
export interface LibraryImage {
  id: string;
  job_id: string;
  n: number;
  prompt: string;
  model: string;
  asset_type: string | null;
  project_id: string | null;
  parent_id: string | null;
  refinement: ImageRefinement | null;
  seed: number;
  width: number;
  height: number;
  favorite: boolean;
  created_at: string;
  expires_at: string | null;
  url: string;
  thumbnail_url: string;
  placeholder: string;
}

export interface LibraryPage {
  images: LibraryImage[];
  next_cursor: string | null;
}

export interface LibraryFilter {
  q?: string;
  favorite?: boolean;
  model?: string;
  parent_id?: string;
  project_id?: string;
  job_id?: string;
}

export function listImages(filter: LibraryFilter, cursor: string | null, limit: number, signal?: AbortSignal): Promise<LibraryPage> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor !== null) query.set('cursor', cursor);
  if (filter.q?.trim()) query.set('q', filter.q.trim());
  if (filter.favorite !== undefined) query.set('favorite', String(filter.favorite));
  if (filter.model) query.set('model', filter.model);
  if (filter.parent_id) query.set('parent_id', filter.parent_id);
  if (filter.project_id) query.set('project_id', filter.project_id);
  if (filter.job_id) query.set('job_id', filter.job_id);
  return request<LibraryPage>(`/api/images?${query.toString()}`, { signal });
}

export function setFavorite(imageId: string, favorite: boolean): Promise<LibraryImage> {
  return request<LibraryImage>(`/api/images/${encodeURIComponent(imageId)}/favorite`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ favorite }),
  });
}

/** A link that downloads the images as one ZIP (the server streams it; at most 200 images). */
export function archiveUrl(imageIds: readonly string[]): string {
  return `/api/images/archive?ids=${imageIds.map(encodeURIComponent).join(',')}`;
}

export function getImage(imageId: string, signal?: AbortSignal): Promise<LibraryImage> {
  return request<LibraryImage>(`/api/images/${encodeURIComponent(imageId)}`, { signal });
}

/** Four variations; with a strength, redrawn from the image itself (models with supports_image_to_image). */
export function startVariations(imageId: string, strength?: number): Promise<CreatedJob> {
  return request<CreatedJob>(`/api/images/${encodeURIComponent(imageId)}/variations`, {
    method: 'POST',
    ...(strength !== undefined && { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ strength }) }),
  });
}

/** Four edits that follow the instruction; without a model, the server picks one that can edit. */
export function startEdit(imageId: string, edit: { instruction: string; model?: string }): Promise<CreatedJob> {
  return request<CreatedJob>(`/api/images/${encodeURIComponent(imageId)}/edit`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(edit),
  });
}

/** How an image was made from its parent, in words: "Edited: make the background blue". */
export function describeRefinement(refinement: ImageRefinement | null): string | null {
  if (refinement === null) return null;
  if (refinement.kind === 'edit') return `Edited: ${refinement.instruction}`;
  return refinement.strength === null ? 'Variation: new seed' : `Variation from the image, strength ${refinement.strength.toFixed(2)}`;
}
