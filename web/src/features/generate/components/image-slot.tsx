import { useState } from 'react';
import type { JobSlot } from '@brandgen/client';
import { TileToolbar } from '../../images/components/tile-toolbar.tsx';
import { DownloadIcon } from '../../../ui/download-icon.tsx';
import { thumbnailSrcSet } from '../../../ui/thumbnail-src-set.ts';

interface ImageSlotProps {
  slot: JobSlot;
  prompt: string;
  /** A finished job makes no more images, so a slot still pending then will never fill. */
  jobFinished: boolean;
  /** The job's thumbnails exist once it is filed, a moment after it finishes; until then the full image shows. */
  jobFiled: boolean;
  /** Its place among the set's slots, for the label and the grid's arrow-key focus. */
  index: number;
  count: number;
  /** The one slot of the grid that Tab reaches; arrow keys move this. */
  isActive: boolean;
  onFocus: () => void;
  onOpen: () => void;
  /** Starred or not; undefined until known. */
  favorite: boolean | undefined;
  onStar: () => void;
}

export function ImageSlot({
  slot,
  prompt,
  jobFinished,
  jobFiled,
  index,
  count,
  isActive,
  onFocus,
  onOpen,
  favorite,
  onStar,
}: ImageSlotProps) {
  const [loaded, setLoaded] = useState(false);
  const [broken, setBroken] = useState(false);
  const number = slot.n + 1;
  const focusable = {
    tabIndex: isActive ? 0 : -1,
    onFocus,
    'data-slot-index': index,
    'data-slot-n': slot.n,
    role: 'group',
  } as const;
  const place = `Variation ${number} of ${count}`;

  if (slot.status === 'expired') {
    return (
      <div className="slot slot-failed" {...focusable} aria-label={`${place}: removed`}>
        <p>Variation {number} was removed: images that are not favorites expire.</p>
      </div>
    );
  }

  if (slot.status === 'failed' || (jobFinished && slot.status !== 'ready')) {
    return (
      <div className="slot slot-failed" {...focusable} aria-label={`${place}: could not be made`}>
        <p>Variation {number} could not be made.</p>
      </div>
    );
  }

  if (slot.status !== 'ready' || slot.url === null) {
    return (
      <div className="slot slot-pending" {...focusable} aria-label={`${place}: being generated`}>
        <div className="skeleton" aria-hidden="true" />
        <span className="visually-hidden">Variation {number} is being generated.</span>
      </div>
    );
  }

  if (broken) {
    return (
      <div className="slot slot-failed" {...focusable} aria-label={`${place}: did not load`}>
        <p>Variation {number} is ready but did not load.</p>
        <a className="slot-link" href={slot.url} download tabIndex={-1}>
          Download it instead
        </a>
      </div>
    );
  }

  return (
    <div
      className="slot slot-ready"
      data-loaded={loaded || undefined}
      {...focusable}
      aria-label={`${place}: ready. Press Enter to open it.`}
      onClick={(event) => {
        // The download link and the toolbar inside do their own thing.
        if (!(event.target instanceof Element && event.target.closest('a, button'))) onOpen();
      }}
    >
      {!loaded && <div className="skeleton" aria-hidden="true" />}
      {/* The 256 px thumbnail once the set is done and filed in the library; the full PNG is for the viewer and the
          download. While a set is still being made, its new images show at once from their PNGs. */}
      <img
        className="slot-image"
        src={jobFiled && slot.thumbnail_url !== null ? slot.thumbnail_url : slot.url}
        srcSet={jobFiled && slot.thumbnail_url !== null ? thumbnailSrcSet(slot.thumbnail_url) : undefined}
        alt={prompt}
        loading="lazy"
        decoding="async"
        width={256}
        height={256}
        onLoad={() => setLoaded(true)}
        onError={() => setBroken(true)}
      />
      <span className="tile-caption" aria-hidden="true">
        {prompt}
      </span>
      <TileToolbar prompt={prompt} favorite={favorite} reachable={false} onStar={onStar} onMore={onOpen} />
      <a
        className="download"
        href={slot.url}
        download
        tabIndex={-1}
        aria-label={`Download variation ${number} (PNG)`}
        title="Download the PNG"
      >
        <DownloadIcon />
      </a>
    </div>
  );
}
