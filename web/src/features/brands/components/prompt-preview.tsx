import type { BrandKit } from '@brandgen/client';
import { useId, useState } from 'react';
import { ASSET_TYPES, DEFAULT_ASSET_TYPE, isAssetType, type AssetType } from '../../../../../server/src/domain/asset-types.ts';
import { composePrompt } from '../../../../../server/src/domain/prompt-composition.ts';
import { FormField } from '../../../ui/form-field.tsx';
import { PaletteSwatches } from './palette-swatches.tsx';
import { Select } from '../../../ui/select.tsx';

const SAMPLE_DESCRIPTION = 'a ceramic coffee mug on a desk';

/**
 * The prompt a model would get for a sample description with the kit as it stands in the editor, saved or not. It is
 * composed by the server's own composition module, so the preview and a real job cannot disagree.
 */
export function PromptPreview({ kit }: { kit: BrandKit }) {
  const [sample, setSample] = useState(SAMPLE_DESCRIPTION);
  const [assetType, setAssetType] = useState<AssetType>(DEFAULT_ASSET_TYPE);
  const outputId = useId();
  const composed = composePrompt(kit, sample, assetType);
  const settings = kit.asset_types[assetType];
  return (
    <section className="brands-panel brands-preview" aria-labelledby={`${outputId}-title`}>
      <h2 id={`${outputId}-title`}>Preview</h2>
      <PaletteSwatches palette={kit.palette} label="Palette being edited" />
      <FormField label="Sample description">
        {(control) => <textarea {...control} rows={2} value={sample} onChange={(event) => setSample(event.target.value)} />}
      </FormField>
      <FormField label="Asset type">
        {(control) => (
          <Select {...control} value={assetType} onChange={(event) => isAssetType(event.target.value) && setAssetType(event.target.value)}>
            {ASSET_TYPES.map((type) => (
              <option key={type} value={type}>
                {kit.asset_types[type].label || type}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <div className="brands-preview-output" id={outputId}>
        <h3>Final prompt</h3>
        <p className="brands-preview-text" data-testid="preview-prompt">
          {composed.prompt || '(empty)'}
        </p>
        <h3>Negative prompt</h3>
        <p className="brands-preview-text" data-testid="preview-negative">
          {composed.negativePrompt || '(none)'}
        </p>
        <p className="form-field-hint">
          {settings.size} pixels, aspect ratio {settings.aspect_ratio}.
        </p>
      </div>
    </section>
  );
}
