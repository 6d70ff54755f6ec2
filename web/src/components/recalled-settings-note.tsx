import type { RecalledSettings } from '../format/recall-settings.ts';

/** Says which settings of an earlier image the next Generate uses, with a way to drop them. */
export function RecalledSettingsNote({ settings, onClear }: { settings: RecalledSettings; onClear: () => void }) {
  const parts = [
    settings.seed !== undefined && `seed ${settings.seed}`,
    settings.model && `model ${settings.model}`,
    settings.assetType && `asset type ${settings.assetType}`,
    settings.preset && `preset ${settings.preset}`,
    settings.brandVersion !== undefined && `brand kit version ${settings.brandVersion}`,
  ].filter(Boolean);
  return (
    <div className="recalled-settings" role="status">
      <p>
        Using the settings of an earlier image{parts.length > 0 ? `: ${parts.join(', ')}` : ''}.
        {settings.instruction === undefined ? ' The same prompt and seed give the same pictures.' : ''}
      </p>
      {settings.instruction !== undefined && (
        <p className="recalled-settings-instruction">
          That image is an edit of a picture made from this prompt, with the instruction <q>{settings.instruction}</q>. Generating draws new
          pictures from the prompt; to repeat the edit, open the image and edit it.
        </p>
      )}
      <button type="button" className="button button-secondary" onClick={onClear}>
        Clear recalled settings
      </button>
    </div>
  );
}
