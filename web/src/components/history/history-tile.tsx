import { memo } from 'react';
import type { LibraryImage } from '../../api/library.ts';
import { formatExpiry } from '../../format/format-expiry.ts';
import { placeholderUrl } from './placeholder-url.ts';

interface HistoryTileProps {
  image: LibraryImage;
  index: number;
  active: boolean;
  onOpen: (index: number) => void;
  onFocusTile: (index: number) => void;
}

/** One thumbnail in the History grid: its ThumbHash paints at once, the WebP replaces it when loaded. */
export const HistoryTile = memo(function HistoryTile({ image, index, active, onOpen, onFocusTile }: HistoryTileProps) {
  const expiry = formatExpiry(image);
  return (
    <button
      type="button"
      className="history-tile"
      data-index={index}
      data-image-id={image.id}
      tabIndex={active ? 0 : -1}
      aria-label={`${image.prompt}. ${image.favorite ? 'Favorite. ' : ''}${expiry}. Open details`}
      title={`${image.prompt} · ${expiry}`}
      onClick={() => onOpen(index)}
      onFocus={() => onFocusTile(index)}
      style={{ backgroundImage: `url(${placeholderUrl(image.placeholder) ?? ''})` }}
    >
      <img src={image.thumbnail_url} alt="" width={256} height={256} decoding="async" draggable={false} />
      {image.favorite && (
        <span className="history-tile-star" aria-hidden="true">
          ★
        </span>
      )}
    </button>
  );
});
