import './tile-toolbar.css';
import { DownloadIcon } from '../../../ui/download-icon.tsx';

interface TileToolbarProps {
  /** The image's prompt, naming the toolbar for screen readers. */
  prompt: string;
  /** Whether the image is starred; undefined while not yet known (the star waits). */
  favorite: boolean | undefined;
  /** The PNG to download, when the tile has no download control of its own. */
  download?: { href: string; fileName: string };
  /** Whether Tab reaches the toolbar: only on a grid's one active tile, so a grid stays one Tab stop plus a few. */
  reachable: boolean;
  onStar: () => void;
  onMore: () => void;
}

/**
 * The small toolbar a tile shows on hover or focus: download the PNG, "more" (the viewer's every action), and the star
 * in the corner, which stays in view while the image is a favorite. The star's name says what a click does.
 */
export function TileToolbar({ prompt, favorite, download, reachable, onStar, onMore }: TileToolbarProps) {
  const tabIndex = reachable ? 0 : -1;
  const starLabel = favorite ? 'Remove from favorites' : 'Add to favorites';
  return (
    <div className="tile-toolbar" role="group" aria-label={`Actions for ${prompt}`}>
      {download && (
        <a
          className="tile-tool"
          tabIndex={tabIndex}
          href={download.href}
          download={download.fileName}
          aria-label="Download PNG"
          title="Download PNG"
        >
          <DownloadIcon />
        </a>
      )}
      <button type="button" className="tile-tool" tabIndex={tabIndex} aria-label="More actions" title="More actions" onClick={onMore}>
        <span aria-hidden="true">⋯</span>
      </button>
      <button
        type="button"
        className="tile-tool tile-star"
        data-favorite={favorite ?? false}
        tabIndex={tabIndex}
        aria-label={starLabel}
        title={starLabel}
        disabled={favorite === undefined}
        onClick={onStar}
      >
        <span aria-hidden="true">{favorite ? '★' : '☆'}</span>
      </button>
    </div>
  );
}
