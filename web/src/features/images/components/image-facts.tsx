import type { LibraryImage } from '@brandgen/client';
import type { ReactNode } from 'react';
import { describeRefinement } from '../describe-refinement.ts';
import { formatExpiry } from '../../../format/format-expiry.ts';
import { BrandFitBadge } from './brand-fit-badge.tsx';

/** The image's prompt as the viewer's title, and how it was made; `extra` (a badge, say) goes under the title. */
export function ImageFacts({ image, extra }: { image: LibraryImage; extra?: ReactNode }) {
  const made = new Date(image.created_at);
  return (
    <>
      <h2 id="image-viewer-title" className="image-viewer-title">
        {image.prompt}
      </h2>
      <BrandFitBadge image={image} />
      {extra}
      <dl className="image-viewer-facts">
        {image.refinement && (
          <>
            <dt>Made by</dt>
            <dd className="image-viewer-refinement">{describeRefinement(image.refinement)}</dd>
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
        <dd className="image-viewer-expiry">{formatExpiry(image)}</dd>
      </dl>
    </>
  );
}
