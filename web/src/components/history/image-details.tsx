import type { LibraryImage } from '@brandgen/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { describeError } from '../../api/api-error.ts';
import { describeRefinement, startVariations } from '../../api/library.ts';
import { jobHistoryKey } from '../../api/query-keys.ts';
import { useModelCatalog } from '../../hooks/use-model-catalog.ts';
import { BrandFitBadge } from './brand-fit-badge.tsx';
import { EditForm } from './edit-form.tsx';
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
  const strengthId = useId();
  const catalog = useModelCatalog();
  const redraws = catalog.data?.models.some((model) => model.id === image.model && model.supports_image_to_image) ?? false;
  const [fromImage, setFromImage] = useState(false);
  const [strength, setStrength] = useState(0.5);
  // Variations run like any job: the Generate page shows their progress live, at the top of its list.
  const variations = useMutation({
    mutationFn: () => startVariations(image.id, redraws && fromImage ? strength : undefined),
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
          <BrandFitBadge image={image} />
          <dl className="image-details-facts">
            {image.refinement && (
              <>
                <dt>Made by</dt>
                <dd className="image-details-refinement">{describeRefinement(image.refinement)}</dd>
              </>
            )}
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
            <button type="button" className="button button-secondary" aria-pressed={image.favorite} onClick={() => onToggleFavorite(image)}>
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
              to={{
                pathname: '/',
                search: recallSearch({
                  prompt: image.prompt,
                  seed: image.seed,
                  model: image.model,
                  ...(image.asset_type && { assetType: image.asset_type }),
                }),
              }}
            >
              Use these settings
            </Link>
          </div>
          {redraws && (
            <fieldset className="variation-strength">
              <legend>Variations</legend>
              <label>
                <input type="checkbox" checked={fromImage} onChange={(event) => setFromImage(event.target.checked)} /> Start from this image
                (image-to-image)
              </label>
              {fromImage && (
                <div className="edit-form-row">
                  <label htmlFor={`${strengthId}-strength`}>Strength</label>
                  <input
                    id={`${strengthId}-strength`}
                    type="range"
                    min={0.05}
                    max={1}
                    step={0.05}
                    value={strength}
                    aria-describedby={`${strengthId}-strength-hint`}
                    onChange={(event) => setStrength(Number(event.target.value))}
                  />
                  <output htmlFor={`${strengthId}-strength`}>{strength.toFixed(2)}</output>
                </div>
              )}
              {fromImage && (
                <p id={`${strengthId}-strength-hint`} className="image-details-hint">
                  Low keeps most of this image; high lets the model move further from it.
                </p>
              )}
            </fieldset>
          )}
          {variations.isError && (
            <p className="field-error" role="alert">
              {describeError(variations.error)}
            </p>
          )}
          <EditForm image={image} />
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
