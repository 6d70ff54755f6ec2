import type { ModelCatalog } from '@brandgen/client';
import type { RecalledSettings } from '../recall-settings.ts';

type Choices = ReadonlyArray<{ id: string; label: string }>;

/**
 * A recalled choice in words, by the catalog's label; one this installation does not offer is said to be dropped, since
 * the Generate form then shows its default instead.
 */
function describeChoice(name: string, id: string | undefined, choices: Choices | undefined, dropped: string[]): string | false {
  if (!id) return false;
  const choice = choices?.find((entry) => entry.id === id);
  if (choices && !choice) {
    dropped.push(`${name} “${id}”`);
    return false;
  }
  return `${name} ${choice?.label ?? id}`;
}

/** Says which settings of an earlier image or a template the next Generate uses, with a way to drop them. */
export function RecalledSettingsNote({
  settings,
  catalog,
  onClear,
}: {
  settings: RecalledSettings;
  catalog: ModelCatalog | undefined;
  onClear: () => void;
}) {
  const dropped: string[] = [];
  const parts = [
    settings.seed !== undefined && `seed ${settings.seed}`,
    describeChoice('model', settings.model, catalog?.models, dropped),
    describeChoice('asset type', settings.assetType, catalog?.asset_types, dropped),
    describeChoice('preset', settings.preset, catalog?.presets, dropped),
    settings.brandVersion !== undefined && `brand kit version ${settings.brandVersion}`,
  ].filter(Boolean);
  const source = settings.template !== undefined ? `the template “${settings.template}”` : 'an earlier image';
  const repeatable = settings.instruction === undefined && settings.template === undefined;
  return (
    <div className="recalled-settings" role="status">
      <p>
        {parts.length > 0
          ? `Using the settings of ${source}: ${parts.join(', ')}.`
          : `Using the prompt of ${source} with the default settings.`}
        {repeatable ? ' The same prompt and seed give the same pictures.' : ''}
      </p>
      {dropped.length > 0 && <p>Not offered here, so the default is used instead: {dropped.join(', ')}.</p>}
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
