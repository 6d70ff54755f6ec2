import type { LibraryImage } from '@brandgen/client';
import { useCallback, useRef, useState } from 'react';

interface Selection {
  /** The filters the selection was made under: other filters show other images, so the selection starts over. */
  filterKey: string;
  /** In the order chosen, which the ZIP keeps. */
  ids: Set<string>;
}

export interface HistorySelection {
  /** The selected ids while in selection mode; undefined otherwise. */
  selectedIds: ReadonlySet<string> | undefined;
  setSelecting: (selecting: boolean) => void;
  /** A click on a tile: toggles it, or with `range` (shift held) adds every image from the last one clicked. */
  click: (image: LibraryImage, range: boolean) => void;
  selectAll: () => void;
  /** Selects exactly these (what remains after a delete that partly failed), or none. */
  replace: (ids: readonly string[]) => void;
}

const NONE: ReadonlySet<string> = new Set();

/** History's selection mode: which images are selected, by click, shift-click range or all loaded at once. */
export function useHistorySelection(images: readonly LibraryImage[], filterKey: string): HistorySelection {
  const [selection, setSelection] = useState<Selection | undefined>(undefined);
  // The image a shift-click ranges from: the last one clicked without shift.
  const anchor = useRef<string | null>(null);
  const selectedIds = selection && (selection.filterKey === filterKey ? selection.ids : NONE);

  const setSelecting = useCallback(
    (selecting: boolean) => {
      anchor.current = null;
      setSelection(selecting ? { filterKey, ids: new Set() } : undefined);
    },
    [filterKey],
  );
  const update = useCallback(
    (change: (ids: Set<string>) => void) =>
      setSelection((current) => {
        const ids = new Set(current?.filterKey === filterKey ? current.ids : []);
        change(ids);
        return { filterKey, ids };
      }),
    [filterKey],
  );
  const click = useCallback(
    (image: LibraryImage, range: boolean) => {
      const from = range && anchor.current !== null ? images.findIndex((entry) => entry.id === anchor.current) : -1;
      const to = images.findIndex((entry) => entry.id === image.id);
      if (from >= 0 && to >= 0) {
        const [start, end] = from <= to ? [from, to] : [to, from];
        update((ids) => images.slice(start, end + 1).forEach((entry) => ids.add(entry.id)));
        return;
      }
      anchor.current = image.id;
      update((ids) => {
        if (!ids.delete(image.id)) ids.add(image.id);
      });
    },
    [images, update],
  );
  const selectAll = useCallback(() => update((ids) => images.forEach((image) => ids.add(image.id))), [images, update]);
  const replace = useCallback(
    (ids: readonly string[]) => {
      anchor.current = null;
      setSelection({ filterKey, ids: new Set(ids) });
    },
    [filterKey],
  );
  return { selectedIds, setSelecting, click, selectAll, replace };
}
