import type { LibraryImage } from '@brandgen/client';
import './brand-fit.css';

/** Where a score falls (docs/brand-fit.md): in the palette, mostly, or off it. */
export function brandFitLevel(score: number): 'high' | 'medium' | 'low' {
  if (score >= 75) return 'high';
  if (score > 30) return 'medium';
  return 'low';
}

/**
 * How well the image keeps to the brand palette, with the reason in words beside the number (not in a tooltip, so
 * screen readers and touch screens get it too). Images made before scoring existed show nothing.
 */
export function BrandFitBadge({ image }: { image: Pick<LibraryImage, 'brand_fit' | 'brand_fit_reason'> }) {
  if (image.brand_fit === null) return null;
  return (
    <p className="brand-fit">
      <span className="brand-fit-badge" data-level={brandFitLevel(image.brand_fit)}>
        Brand fit {image.brand_fit}
      </span>{' '}
      <span className="brand-fit-reason">{image.brand_fit_reason}</span>
    </p>
  );
}
