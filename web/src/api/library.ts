import { unwrap, type ImageRefinement, type paths } from '@brandgen/client';
import { api } from './client.ts';

type ImageQuery = NonNullable<paths['/api/images']['get']['parameters']['query']>;

/** The library's filters as the page holds them; `favorite` is a switch here and text in the query. */
export type LibraryFilter = Partial<
  Pick<
    ImageQuery,
    | 'q'
    | 'model'
    | 'asset_type'
    | 'parent_id'
    | 'project_id'
    | 'brand_id'
    | 'job_id'
    | 'batch_id'
    | 'from'
    | 'to'
    | 'min_brand_fit'
    | 'sort'
  >
> & {
  favorite?: boolean;
};

const TEXT_FILTERS = ['model', 'asset_type', 'parent_id', 'project_id', 'brand_id', 'job_id', 'batch_id', 'from', 'to'] as const;

export function listImages(filter: LibraryFilter, cursor: string | null, limit: number, signal?: AbortSignal) {
  const query: ImageQuery = { limit };
  if (cursor !== null) query.cursor = cursor;
  if (filter.q?.trim()) query.q = filter.q.trim();
  if (filter.favorite !== undefined) query.favorite = filter.favorite ? 'true' : 'false';
  for (const name of TEXT_FILTERS) {
    const value = filter[name];
    if (value) query[name] = value;
  }
  if (filter.min_brand_fit !== undefined) query.min_brand_fit = filter.min_brand_fit;
  if (filter.sort === 'brand_fit') query.sort = 'brand_fit';
  return unwrap(api.GET('/api/images', { params: { query }, signal }));
}

export function setFavorite(imageId: string, favorite: boolean) {
  return unwrap(api.PUT('/api/images/{id}/favorite', { params: { path: { id: imageId } }, body: { favorite } }));
}

/** A link that downloads the images as one ZIP (the server streams it; at most 200 images). */
export function archiveUrl(imageIds: readonly string[]): string {
  return `/api/images/archive?ids=${imageIds.map(encodeURIComponent).join(',')}`;
}

/** Deletes the image for good (its file and thumbnail too), starred or not. */
export function deleteImage(imageId: string) {
  return unwrap(api.DELETE('/api/images/{id}', { params: { path: { id: imageId } } }));
}

export function getImage(imageId: string, signal?: AbortSignal) {
  return unwrap(api.GET('/api/images/{id}', { params: { path: { id: imageId } }, signal }));
}

/** Four variations; with a strength, redrawn from the image itself (models with supports_image_to_image). */
export function startVariations(imageId: string, strength?: number) {
  return unwrap(
    api.POST('/api/images/{id}/variations', { params: { path: { id: imageId } }, body: strength === undefined ? {} : { strength } }),
  );
}

/** Four edits that follow the instruction; without a model, the server picks one that can edit. */
export function startEdit(imageId: string, edit: { instruction: string; model?: string }) {
  return unwrap(api.POST('/api/images/{id}/edit', { params: { path: { id: imageId } }, body: edit }));
}

/** How an image was made from its parent, in words: "Edited: make the background blue". */
export function describeRefinement(refinement: ImageRefinement): string | null {
  if (refinement === null) return null;
  if (refinement.kind === 'edit') return `Edited: ${refinement.instruction}`;
  return refinement.strength === null ? 'Variation: new seed' : `Variation from the image, strength ${refinement.strength.toFixed(2)}`;
}
