import { useLayoutEffect, type RefObject } from 'react';

/** Opens a <dialog> as a modal while the component that holds it is mounted, and closes it when it goes. */
export function useShowModal(dialog: RefObject<HTMLDialogElement | null>): void {
  useLayoutEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, [dialog]);
}
