import type { LibraryImage } from '@brandgen/client';
import { memo } from 'react';
import { formatExpiry } from '../../../format/format-expiry.ts';
import { TileToolbar } from '../../images/components/tile-toolbar.tsx';
import { downloadName } from '../../images/image-link.ts';
import { placeholderColour } from './placeholder-url.ts';
import { thumbnailSrcSet } from '../../../ui/thumbnail-src-set.ts';

interface HistoryTileProps {
  image: LibraryImage;
  index: number;
  active: boolean;
  /** In selection mode: whether the tile is selected; undefined otherwise. */
  selected: boolean | undefined;
  /** The blurred preview's data URL once decoded (only for thumbnails slow to arrive); the average colour shows till then. */
  placeholder: string | undefined;
  /** Whether the toolbar is there: on the active and the hovered tile (a favorite's star always shows). */
  toolbar: boolean;
  /** `range`: shift was held, to select every image from the last one clicked. */
  onOpen: (index: number, range: boolean) => void;
  onFocusTile: (index: number) => void;
  onStar: (index: number) => void;
  /** The pointer entered (the index) or left (null) the tile. */
  onHover: (index: number | null) => void;
}

/**
 * One thumbnail in the History grid: its ThumbHash's average colour paints at once, the WebP replaces it when loaded.
 * Hover or focus shows the prompt and a small toolbar (download, more, star; the star stays while the image is a
 * favorite); the toolbar is reachable by Tab from the active tile. The toolbar is rendered only where it can show (the
 * active tile, the hovered one, favorites): one on every tile about tripled the elements a screenful of tiles creates.
 */
export const HistoryTile = memo(function HistoryTile(props: HistoryTileProps) {
  const { image, index, active, selected, placeholder, toolbar, onOpen, onFocusTile, onStar, onHover } = props;
  const expiry = formatExpiry(image);
  const selecting = selected !== undefined;
  return (
    <div className="history-cell" onPointerEnter={() => onHover(index)} onPointerLeave={() => onHover(null)}>
      <button
        type="button"
        className="history-tile"
        data-index={index}
        data-image-id={image.id}
        tabIndex={active ? 0 : -1}
        aria-label={`${image.prompt}. ${image.favorite ? 'Favorite. ' : ''}${expiry}.${selecting ? ' Select' : ' Open in the viewer'}`}
        aria-pressed={selected}
        onClick={(event) => onOpen(index, event.shiftKey)}
        onFocus={() => onFocusTile(index)}
        style={{ backgroundColor: placeholderColour(image.placeholder), backgroundImage: placeholder && `url(${placeholder})` }}
      >
        <img
          src={image.thumbnail_url}
          srcSet={thumbnailSrcSet(image.thumbnail_url)}
          alt=""
          width={256}
          height={256}
          decoding="async"
          draggable={false}
          // A thumbnail that cannot be had leaves the tile in its image's colour rather than a broken-image icon.
          onError={(event) => (event.currentTarget.hidden = true)}
        />
        {selected && (
          <span className="history-tile-check" aria-hidden="true">
            ✓
          </span>
        )}
        {/* While selecting, the toolbar with its star button gives way to the selection; the star still shows. */}
        {selecting && image.favorite && (
          <span className="history-tile-star" aria-hidden="true">
            ★
          </span>
        )}
        <span className="tile-caption" aria-hidden="true">
          {image.prompt}
        </span>
      </button>
      {!selecting && (toolbar || image.favorite) && (
        <TileToolbar
          prompt={image.prompt}
          favorite={image.favorite}
          download={{ href: image.url, fileName: downloadName(image) }}
          reachable={active}
          onStar={() => onStar(index)}
          onMore={() => onOpen(index, false)}
        />
      )}
    </div>
  );
});
