import { useEffect } from 'react';

/**
 * Tells the page whether the editor holds changes not saved yet (so it can ask before another brand replaces them),
 * and while it does, has the browser ask before the tab is closed or reloaded, with its own question.
 */
export function useUnsavedChanges(unsaved: boolean, onUnsavedChange: (unsaved: boolean) => void): void {
  useEffect(() => {
    onUnsavedChange(unsaved);
    if (!unsaved) return undefined;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      onUnsavedChange(false);
    };
  }, [unsaved, onUnsavedChange]);
}
