import { useRef, useState, type KeyboardEvent } from 'react';
import type { JobSlot } from '@brandgen/client';
import { ImageSlot } from './image-slot.tsx';

interface SlotGridProps {
  slots: JobSlot[];
  prompt: string;
  jobFinished: boolean;
  /** Whether the job is filed, so its thumbnails exist. */
  jobFiled: boolean;
  /** Opens the viewer on a ready image, by its slot number. */
  onOpen: (n: number) => void;
  /** The person reached for the set (hover or focus): time to learn which images are starred. */
  onEngage: () => void;
  /** Each slot's star, by slot number; undefined while not known. */
  favorites: ReadonlyArray<boolean | undefined>;
  onStar: (n: number) => void;
}

/** Four across on wide screens, two on narrow ones: the arrow keys follow whatever the stylesheet laid out. */
function columnsOf(list: HTMLElement | null): number {
  if (list === null) return 4;
  return getComputedStyle(list).gridTemplateColumns.split(' ').filter(Boolean).length || 1;
}

/**
 * The four variations of a set as one keyboard stop: arrow keys, Home and End move between them, Enter (or a click)
 * opens the one in focus in the viewer. A single stop keeps Tab from walking through every image on a long page.
 */
export function SlotGrid({ slots, prompt, jobFinished, jobFiled, onOpen, onEngage, favorites, onStar }: SlotGridProps) {
  const [activeIndex, setActiveIndex] = useState(0);
  const list = useRef<HTMLUListElement>(null);
  const active = Math.min(activeIndex, Math.max(0, slots.length - 1));

  const focusSlot = (index: number) => {
    const next = Math.max(0, Math.min(slots.length - 1, index));
    setActiveIndex(next);
    list.current?.querySelector<HTMLElement>(`[data-slot-index="${next}"]`)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const columns = columnsOf(list.current);
    const moves: Record<string, number> = {
      ArrowRight: active + 1,
      ArrowLeft: active - 1,
      // Up and down only where there is a row to go to: in the row of four they stay put.
      ArrowDown: active + columns < slots.length ? active + columns : active,
      ArrowUp: active - columns >= 0 ? active - columns : active,
      Home: 0,
      End: slots.length - 1,
    };
    const next = moves[event.key];
    if (next !== undefined) {
      event.preventDefault();
      focusSlot(next);
    } else if (event.key === 'Enter' && event.target instanceof HTMLElement && event.target.dataset['slotIndex'] !== undefined) {
      const slot = slots[active];
      if (slot?.status === 'ready' && slot.url !== null) {
        event.preventDefault();
        onOpen(slot.n);
      }
    }
  };

  return (
    <ul
      ref={list}
      className="slot-grid"
      aria-label="Variations. Use the arrow keys to move between them and Enter to open one."
      onKeyDown={onKeyDown}
      onPointerEnter={onEngage}
      onFocus={onEngage}
    >
      {slots.map((slot, index) => (
        <li key={slot.n} className="slot-cell">
          <ImageSlot
            slot={slot}
            prompt={prompt}
            jobFinished={jobFinished}
            jobFiled={jobFiled}
            index={index}
            count={slots.length}
            isActive={index === active}
            onFocus={() => setActiveIndex(index)}
            onOpen={() => onOpen(slot.n)}
            favorite={favorites[slot.n]}
            onStar={() => onStar(slot.n)}
          />
        </li>
      ))}
    </ul>
  );
}
