import type { LibraryImage } from '@brandgen/client';
import { downloadName } from '../image-link.ts';
import './tile-toolbar.css';

interface TileToolbarProps {
  image: Pick<LibraryImage, 'prompt' | 'favorite' | 'url' | 'job_id' | 'n'>;
  /** Whether Tab reaches the toolbar: only on the grid's one active tile, so a grid stays one Tab stop plus three. */
  reachable: boolean;
  onStar: () => void;
  onMore: () => void;
}

/** The small toolbar a tile shows on hover or focus: star, download the PNG, and "more" (the viewer's every action). */
export function TileToolbar({ image, reachable, onStar, onMore }: TileToolbarProps) {
  const tabIndex = reachable ? 0 : -1;
  return (
    <div className="tile-toolbar" role="group" aria-label={`Actions for ${image.prompt}`}>
      <button
        type="button"
        className="tile-tool"
        tabIndex={tabIndex}
        aria-pressed={image.favorite}
        aria-label={image.favorite ? 'Unstar' : 'Star'}
        title={image.favorite ? 'Unstar' : 'Star'}
        onClick={onStar}
      >
        <span aria-hidden="true">{image.favorite ? '★' : '☆'}</span>
      </button>
      <a
        className="tile-tool"
        tabIndex={tabIndex}
        href={image.url}
        download={downloadName(image)}
        aria-label="Download PNG"
        title="Download PNG"
      >
        <svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16" focusable="false">
          <path
            d="M8 2v8m0 0 3.5-3.5M8 10 4.5 6.5M3 13h10"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.6"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      </a>
      <button type="button" className="tile-tool" tabIndex={tabIndex} aria-label="More actions" title="More actions" onClick={onMore}>
        <span aria-hidden="true">⋯</span>
      </button>
    </div>
  );
}
