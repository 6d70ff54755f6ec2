import type { LibraryImage } from '../domain/library-image.ts';
import { imageUrl } from './jobs/job-presenter.ts';
import type { LibraryImageResponse } from './library-schemas.ts';

export function presentLibraryImage(image: LibraryImage): LibraryImageResponse {
  return {
    id: image.id,
    job_id: image.jobId,
    n: image.slot,
    prompt: image.prompt,
    model: image.model,
    asset_type: image.assetType,
    project_id: image.projectId,
    parent_id: image.parentId,
    refinement: image.refinement,
    seed: image.seed,
    width: image.width,
    height: image.height,
    favorite: image.favorite,
    created_at: image.createdAt,
    expires_at: image.expiresAt,
    url: imageUrl(image.jobId, image.slot),
    thumbnail_url: `/api/images/${image.id}/thumbnail`,
    placeholder: image.placeholder,
    brand_fit: image.brandFit?.score ?? null,
    brand_fit_reason: image.brandFit?.reason ?? null,
    brand_id: image.brand.id,
    brand_version: image.brand.version,
  };
}
