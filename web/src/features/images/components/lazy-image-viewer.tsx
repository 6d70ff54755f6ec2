import { lazy, Suspense } from 'react';
import type { ImageViewerProps } from './image-viewer.tsx';

const loadViewer = () => import('./image-viewer.tsx');
const OnDemandViewer = lazy(async () => ({ default: (await loadViewer()).ImageViewer }));

/**
 * The image viewer, in its own chunk: pages that show images start without it, and it is fetched when the browser is
 * next idle, so that opening an image does not wait for it.
 */
export function ImageViewer(props: ImageViewerProps) {
  return (
    <Suspense fallback={null}>
      <OnDemandViewer {...props} />
    </Suspense>
  );
}

/** Fetches the viewer's chunk ahead of the first click. */
export function preloadImageViewer(): void {
  const load = () => void loadViewer();
  if ('requestIdleCallback' in window) window.requestIdleCallback(load, { timeout: 3000 });
  else setTimeout(load, 1000);
}
