import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, useNavigate } from 'react-router';
import { describeError } from '../../api/api-error.ts';
import { startVariations, type LibraryImage } from '../../api/library.ts';
import { jobHistoryKey } from '../../api/query-keys.ts';
import { RefinementTree } from './refinement-tree.tsx';
import { formatExpiry } from '../../format/format-expiry.ts';
import { recallSearch } from '../../format/recall-settings.ts';

interface ImageDetailsProps {
  image: LibraryImage;
  onClose: () => void;
  onToggleFavorite: (image: LibraryImage) => void;
  favoriteError: unknown;
  onOpenImage: (id: string) => void;
}

/** The full image with every parameter, in a modal dialog: download, favorite, and "Use these settings". */
export function ImageDetails({ image, onClose, onToggleFavorite, favoriteError, onOpenImage }: ImageDetailsProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // Variations run like any job: the Generate page shows their progress live, at the top of its list.
  const variations = useMutation({
    mutationFn: () => startVariations(image.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: jobHistoryKey });
      void navigate('/');
    },
  });
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const made = new Date(image.created_at);
  const fileName = `brandgen-${image.job_id.slice(-12)}-${image.n + 1}.png`;
  return (
    <dialog
      ref={dialog}
      className="image-details"
      aria-labelledby="image-details-title"
      onClose={onClose}
      onKeyDown={(event) => {
        if (event.key === 'f' && !(event.target instanceof HTMLInputElement)) {
          event.preventDefault();
          onToggleFavorite(image);
        }
      }}
    >
      <div className="image-details-body">
        <img className="image-details-image" src={image.url} alt={image.prompt} width={image.width} height={image.height} />
        <div className="image-details-side">
          <h2 id="image-details-title" className="image-details-title">
            {image.prompt}
          </h2>
          <dl className="image-details-facts">
            <dt>Model</dt>
            <dd>{image.model}</dd>
            <dt>Seed</dt>
            <dd>{image.seed}</dd>
            {image.asset_type && (
              <>
                <dt>Asset type</dt>
                <dd>{image.asset_type}</dd>
              </>
            )}
            <dt>Size</dt>
            <dd>
              {image.width} × {image.height}
            </dd>
            <dt>Made</dt>
            <dd>
              <time dateTime={image.created_at}>{made.toLocaleString()}</time>
            </dd>
            <dt>Kept until</dt>
            <dd className="image-details-expiry">{formatExpiry(image)}</dd>
          </dl>
          <div className="image-details-actions">
            <button
              type="button"
              className="button button-secondary"
              aria-pressed={image.favorite}
              onClick={() => onToggleFavorite(image)}
            >
              {image.favorite ? '★ Favorite' : '☆ Add to favorites'}
            </button>
            <a className="button button-secondary" href={image.url} download={fileName}>
              Download PNG
            </a>
            <button type="button" className="button button-secondary" disabled={variations.isPending} onClick={() => variations.mutate()}>
              {variations.isPending ? 'Starting…' : 'Make variations'}
            </button>
            <Link
              className="button button-primary"
              to={{ pathname: '/', search: recallSearch({ prompt: image.prompt, seed: image.seed, model: image.model, ...(image.asset_type && { assetType: image.asset_type }) }) }}
            >
              Use these settings
            </Link>
          </div>
          {variations.isError && (
            <p className="field-error" role="alert">
              {describeError(variations.error)}
            </p>
          )}
          <RefinementTree image={image} onOpen={onOpenImage} />
          {favoriteError !== null && favoriteError !== undefined && (
            <p className="field-error" role="alert">
              {describeError(favoriteError)}
            </p>
          )}
          <p className="image-details-hint">
            Press <kbd>f</kbd> to star or unstar, <kbd>Esc</kbd> to close.
          </p>
          <button type="button" className="button button-secondary image-details-close" onClick={() => dialog.current?.close()}>
            Close
          </button>
        </div>
      </div>
    </dialog>
  );
}
