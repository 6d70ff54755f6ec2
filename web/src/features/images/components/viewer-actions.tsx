import type { LibraryImage } from '@brandgen/client';
import { useState } from 'react';
import { addressOf, Link } from '../../../app/router.tsx';
import { describeError } from '../../../api/api-error.ts';
import { recallSearch } from '../../generate/recall-settings.ts';
import { downloadName, imageLink } from '../image-link.ts';
import { DeleteImage } from './delete-image.tsx';

interface ViewerActionsProps {
  image: LibraryImage;
  onToggleFavorite: (image: LibraryImage) => void;
  favoriteError?: unknown;
  onDeleted: () => void;
}

/** The quick actions on the image in the viewer: star, download, copy its link, reuse its settings, open its project. */
export function ViewerActions({ image, onToggleFavorite, favoriteError, onDeleted }: ViewerActionsProps) {
  const [copied, setCopied] = useState<{ id: string; ok: boolean } | null>(null);
  const link = imageLink(image);
  const copy = () => {
    navigator.clipboard.writeText(link).then(
      () => setCopied({ id: image.id, ok: true }),
      () => setCopied({ id: image.id, ok: false }),
    );
  };
  const copyState = copied?.id === image.id ? copied : null;
  return (
    <>
      <div className="image-viewer-actions">
        <button type="button" className="button button-secondary" aria-pressed={image.favorite} onClick={() => onToggleFavorite(image)}>
          {image.favorite ? '★ Favorite' : '☆ Add to favorites'}
        </button>
        <a className="button button-secondary" href={image.url} download={downloadName(image)}>
          Download PNG
        </a>
        <button type="button" className="button button-secondary" onClick={copy}>
          Copy link
        </button>
        <Link
          className="button button-primary"
          to={addressOf({
            pathname: '/',
            search: recallSearch({
              prompt: image.prompt,
              seed: image.seed,
              model: image.model,
              ...(image.asset_type && { assetType: image.asset_type }),
              brandId: image.brand_id,
              brandVersion: image.brand_version,
              ...(image.refinement?.kind === 'edit' && { instruction: image.refinement.instruction }),
            }),
          })}
        >
          Use these settings
        </Link>
        {image.project_id && (
          <Link className="button button-secondary" to={`/projects/${encodeURIComponent(image.project_id)}`}>
            Open its project
          </Link>
        )}
      </div>
      <DeleteImage key={image.id} image={image} onDeleted={onDeleted} />
      <p role="status" className={copyState?.ok === false ? 'field-error' : 'image-viewer-hint'}>
        {copyState?.ok === true && 'Link copied: it opens this image in History.'}
        {copyState?.ok === false && `The link could not be copied; here it is: ${link}`}
      </p>
      {favoriteError !== null && favoriteError !== undefined && (
        <p className="field-error" role="alert">
          {describeError(favoriteError)}
        </p>
      )}
    </>
  );
}
