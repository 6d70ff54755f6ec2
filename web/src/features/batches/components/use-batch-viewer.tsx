import type { Batch, LibraryImage } from '@brandgen/client';
import { useMemo, useState } from 'react';
import { useToggleFavorite } from '../../images/api/set-favorite.ts';
import { useOpenImage } from '../../images/api/get-image.ts';
import { ImageViewer } from '../../images/components/lazy-image-viewer.tsx';
import { useBatchImages, type BatchSlot } from '../api/list-batch-images.ts';

/** The batch's images in the contact sheet's order: prompt by prompt, then slot by slot. */
function inSheetOrder(batch: Batch, images: readonly LibraryImage[]): LibraryImage[] {
  const order = new Map(batch.jobs.map((job, index) => [job.job_id, index]));
  const place = (image: LibraryImage) => order.get(image.job_id) ?? batch.jobs.length;
  return [...images].sort((a, b) => place(a) - place(b) || a.n - b.n);
}

/** The shared viewer over one batch: opened on a thumbnail, the arrow keys move through every image of the batch. */
export function useBatchViewer(batch: Batch) {
  const [wanted, setWanted] = useState<BatchSlot | null>(null);
  const [shownId, setShownId] = useState<string | null>(null);
  const images = useBatchImages(batch.id, wanted);
  const toggleFavorite = useToggleFavorite();
  const list = useMemo(() => inSheetOrder(batch, images.data ?? []), [batch, images.data]);
  const fromSlot = wanted === null ? undefined : list.find((image) => image.job_id === wanted.jobId && image.n === wanted.n);
  const openedById = useOpenImage(list, shownId);
  const image = shownId === null ? fromSlot : openedById;
  const close = () => {
    setWanted(null);
    setShownId(null);
    toggleFavorite.reset();
  };
  const element =
    wanted !== null && image ? (
      <ImageViewer
        images={list}
        image={image}
        onClose={close}
        onShow={(next) => setShownId(typeof next === 'string' ? next : next.id)}
        onToggleFavorite={(target) => toggleFavorite.mutate(target)}
        favoriteError={toggleFavorite.error}
        returnFocusTo={(shown) =>
          document.querySelector<HTMLElement>(`[data-job-id="${CSS.escape(shown.job_id)}"] [data-slot-n="${shown.n}"]`)
        }
      />
    ) : null;
  return { open: (slot: BatchSlot) => setWanted(slot), element };
}
