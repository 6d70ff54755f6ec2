import type { LibraryImage } from '@brandgen/client';
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { BrandReview } from './brand-review.tsx';
import { EditForm } from './edit-form.tsx';
import { ImageFacts } from './image-facts.tsx';
import { RefinementTree } from './refinement-tree.tsx';
import { VariationsForm } from './variations-form.tsx';
import { ViewerActions } from './viewer-actions.tsx';
import './image-viewer.css';

export interface ImageViewerProps {
  /** The list the image was opened from; the arrow keys and the ‹ › buttons move through it. */
  images: readonly LibraryImage[];
  /** The image shown: usually one of `images`, or one opened from the refinement tree that the list does not hold. */
  image: LibraryImage;
  onClose: () => void;
  /** Show another image: a neighbour in the list, or a parent or child from the refinement tree. */
  onShow: (image: LibraryImage | string) => void;
  onToggleFavorite: (image: LibraryImage) => void;
  favoriteError?: unknown;
  /** Where focus goes on close; by default the element that had it when the viewer opened. */
  returnFocusTo?: (image: LibraryImage) => HTMLElement | null | undefined;
  /** Extra facts beside the image (a brand-fit badge, say), shown under its title. */
  extra?: ReactNode;
}

const FOCUSABLE = 'button:not([disabled]), a[href], input:not([disabled]), select:not([disabled]), textarea, [tabindex="0"]';

/** Keys that move between images, unless typing or adjusting a control claims them. */
function ownsArrows(target: EventTarget): boolean {
  return !(target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement);
}

/** Tab and Shift+Tab wrap around inside the viewer, so focus never leaves it for the page behind. */
function trapTab(event: KeyboardEvent<HTMLDialogElement>) {
  const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = focusable[0];
  const last = focusable.at(-1);
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

/**
 * One image at full size in a modal dialog, with every action on it: the same viewer on every page that shows images.
 * It always fits the window: the image scales down and the side panel scrolls, so the × never leaves the screen.
 */
export function ImageViewer(props: ImageViewerProps) {
  const { images, image, onClose, onShow, onToggleFavorite, returnFocusTo } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const shown = useRef(image);
  shown.current = image;
  const index = images.findIndex((entry) => entry.id === image.id);
  const previous = index > 0 ? images[index - 1] : undefined;
  const next = index >= 0 ? images[index + 1] : undefined;
  // Keys pressed faster than React renders each step from where the last one went, not from the image on screen.
  const position = useRef(index);
  position.current = index;

  useLayoutEffect(() => {
    opener.current = document.activeElement;
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => {
      const target = returnFocusTo?.(shown.current) ?? opener.current;
      // After the frame: the browser's own dialog focus restoring (to the opener) must not override the tile shown last.
      if (target instanceof HTMLElement) requestAnimationFrame(() => target.focus());
    };
    // Opening and closing happen once per viewer; later images keep the first opener as the fallback.
  }, []);
  // A new image starts at the top of the panel, with focus kept inside the dialog.
  useEffect(() => {
    dialog.current?.querySelector('.image-viewer-side')?.scrollTo({ top: 0 });
  }, [image.id]);

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Tab') return trapTab(event);
    if (!ownsArrows(event.target)) return;
    const step = event.key === 'ArrowLeft' ? -1 : event.key === 'ArrowRight' ? 1 : 0;
    const neighbour = step !== 0 && position.current >= 0 ? images[position.current + step] : undefined;
    if (neighbour) {
      event.preventDefault();
      position.current += step;
      onShow(neighbour);
    } else if (event.key === 'f') {
      event.preventDefault();
      onToggleFavorite(image);
    }
  };

  return (
    <dialog ref={dialog} className="image-viewer" aria-labelledby="image-viewer-title" onClose={onClose} onKeyDown={onKeyDown}>
      <button type="button" className="image-viewer-close" aria-label="Close" onClick={() => dialog.current?.close()}>
        <span aria-hidden="true">×</span>
      </button>
      <div className="image-viewer-body">
        <ViewerStage image={image} position={index >= 0 ? { index, count: images.length } : undefined}>
          <StepButton label="Previous image" side="previous" target={previous} onShow={onShow} />
          <StepButton label="Next image" side="next" target={next} onShow={onShow} />
        </ViewerStage>
        <div className="image-viewer-side">
          <ImageFacts image={image} extra={props.extra} />
          <ViewerActions
            image={image}
            onToggleFavorite={onToggleFavorite}
            favoriteError={props.favoriteError}
            onDeleted={() => {
              // The neighbour takes its place, as in a photo app; the last one left closes the viewer.
              const neighbour = next ?? previous;
              if (neighbour) onShow(neighbour);
              else dialog.current?.close();
            }}
          />
          <BrandReview key={`review-${image.id}`} image={image} />
          <VariationsForm key={`variations-${image.id}`} image={image} />
          <EditForm key={`edit-${image.id}`} image={image} />
          <RefinementTree image={image} onOpen={onShow} />
          <p className="image-viewer-hint">
            <kbd>←</kbd> <kbd>→</kbd> move, <kbd>f</kbd> stars, <kbd>Esc</kbd> closes.
          </p>
        </div>
      </div>
    </dialog>
  );
}

function ViewerStage({
  image,
  position,
  children,
}: {
  image: LibraryImage;
  position: { index: number; count: number } | undefined;
  children: ReactNode;
}) {
  return (
    <div className="image-viewer-stage">
      <img
        key={image.id}
        className="image-viewer-image"
        src={image.url}
        alt={image.prompt}
        width={image.width}
        height={image.height}
        style={{ backgroundImage: `url(${image.thumbnail_url})` }}
      />
      {position && position.count > 1 && (
        <p className="image-viewer-position" aria-live="polite">
          {position.index + 1} of {position.count}
        </p>
      )}
      {children}
    </div>
  );
}

function StepButton(props: {
  label: string;
  side: 'previous' | 'next';
  target: LibraryImage | undefined;
  onShow: (image: LibraryImage) => void;
}) {
  const { label, side, target, onShow } = props;
  if (!target) return null;
  return (
    <button type="button" className={`image-viewer-step image-viewer-${side}`} aria-label={label} onClick={() => onShow(target)}>
      <span aria-hidden="true">{side === 'previous' ? '‹' : '›'}</span>
    </button>
  );
}
