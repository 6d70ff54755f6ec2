import { request } from './client.ts';
import type { CreatedJob } from './types.ts';

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
}

export function listImages(filter: LibraryFilter, cursor: string | null, limit: number, signal?: AbortSignal): Promise<LibraryPage> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor !== null) query.set('cursor', cursor);
  if (filter.q?.trim()) query.set('q', filter.q.trim());
  if (filter.favorite !== undefined) query.set('favorite', String(filter.favorite));
  if (filter.model) query.set('model', filter.model);
  if (filter.parent_id) query.set('parent_id', filter.parent_id);
  if (filter.project_id) query.set('project_id', filter.project_id);
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

export function startVariations(imageId: string): Promise<CreatedJob> {
  return request<CreatedJob>(`/api/images/${encodeURIComponent(imageId)}/variations`, { method: 'POST' });
}
