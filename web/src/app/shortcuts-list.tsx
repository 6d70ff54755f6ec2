import { useEffect, useRef } from 'react';
import { isApplePlatform } from '../format/is-apple-platform.ts';

/** The keyboard shortcuts, in a modal dialog that opens as it mounts. */
export function ShortcutsList({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);
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
    <dialog ref={dialog} className="shortcuts-dialog" aria-labelledby="shortcuts-title" onClose={onClose}>
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
