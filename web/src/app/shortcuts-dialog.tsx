import { useEffect, useRef, useState } from 'react';
import { isApplePlatform } from '../format/is-apple-platform.ts';

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** `?` anywhere (except while typing) lists the keyboard shortcuts in a dialog. */
export function ShortcutsDialog() {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      event.preventDefault();
      setOpen(true);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
  useEffect(() => {
    if (open && dialog.current && !dialog.current.open) dialog.current.showModal();
  }, [open]);
  if (!open) return null;
  const modifier = isApplePlatform() ? '⌘' : 'Ctrl';
  const shortcuts: Array<[string[], string]> = [
    [['/'], 'Jump to the prompt'],
    [[modifier, 'Enter'], 'Generate'],
    [['←', '↑', '→', '↓'], 'Move through the four new images or the History grid'],
    [['Enter'], 'Download the new image; in History, open it (or select it while selecting)'],
    [['f'], 'Star or unstar the image'],
    [['Esc'], 'Close a dialog'],
    [['?'], 'Show this list'],
  ];
  return (
    <dialog ref={dialog} className="shortcuts-dialog" aria-labelledby="shortcuts-title" onClose={() => setOpen(false)}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <dl className="shortcuts-list">
        {shortcuts.map(([keys, meaning]) => (
          <div key={meaning} className="shortcuts-row">
            <dt>
              {keys.map((key, index) => (
                <span key={key}>
                  {index > 0 && (keys.length === 2 && keys[0] === modifier ? ' + ' : ' ')}
                  <kbd>{key}</kbd>
                </span>
              ))}
            </dt>
            <dd>{meaning}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="button button-secondary" onClick={() => dialog.current?.close()}>
        Close
      </button>
    </dialog>
  );
}
