import { lazy, Suspense } from 'react';
import type { ImageViewerProps } from './image-viewer.tsx';

const loadViewer = () => import('./image-viewer.tsx');
const OnDemandViewer = lazy(async () => ({ default: (await loadViewer()).ImageViewer }));

/**
 * The image viewer, in its own chunk: pages that show images start without it, and it is fetched at the first sign
 * that someone is about to use the page (see preloadImageViewer), so that opening an image does not wait for it.
 */
export function ImageViewer(props: ImageViewerProps) {
  return (
    <Suspense fallback={null}>
      <OnDemandViewer {...props} />
    </Suspense>
  );
}

const INTENT_EVENTS = ['pointermove', 'pointerdown', 'keydown'] as const;

/**
 * Fetches the viewer's chunk ahead of the first click: on the first pointer movement, touch or key press, which
 * come well before any image is opened. Not at start: the first page then loads only what it shows.
 */
export function preloadImageViewer(): void {
  const load = () => {
    for (const type of INTENT_EVENTS) window.removeEventListener(type, load, true);
    void loadViewer();
  };
  for (const type of INTENT_EVENTS) window.addEventListener(type, load, { capture: true, passive: true });
}
