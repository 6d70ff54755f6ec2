import { useId } from 'react';
import type { AssetType, Brand, ModelCatalog, QualityPreset } from '@brandgen/client';
import { LicenceBadge } from './licence-badge.tsx';
import { Select } from '../../../ui/select.tsx';

export interface GenerationChoices {
  /** Empty for the default brand. */
  brandId: string;
  model: string;
  assetType: AssetType;
  preset: QualityPreset;
  /** Text as typed; empty for random seeds. */
  seed: string;
}

interface GenerationOptionsProps {
  catalog: ModelCatalog;
  /** Offered as a choice only when there is more than one. */
  brands: readonly Brand[];
  value: GenerationChoices;
  onChange: (value: GenerationChoices) => void;
  seedError: string | null;
}

function formatPrice(usd: number): string {
  return usd === 0 ? 'no per-image cost' : `about $${(usd * 4).toFixed(2)} per set of four`;
}

/** Brand (when there are several), model, asset type and quality, with the seed under "Advanced" where few need it. */
export function GenerationOptions({ catalog, brands, value, onChange, seedError }: GenerationOptionsProps) {
  const id = useId();
  const model = catalog.models.find((entry) => entry.id === value.model) ?? catalog.models[0];
  const price = model?.presets?.[value.preset]?.price_per_image_usd;
  const set = (patch: Partial<GenerationChoices>) => onChange({ ...value, ...patch });

  return (
    <div className="generation-options">
      {brands.length > 1 && (
        <div className="option-row">
          <label htmlFor={`${id}-brand`}>Brand</label>
          <Select
            id={`${id}-brand`}
            value={value.brandId || (brands.find((brand) => brand.is_default)?.id ?? '')}
            onChange={(event) => set({ brandId: event.target.value })}
          >
            {brands.map((brand) => (
              <option key={brand.id} value={brand.id}>
                {brand.name}
                {brand.is_default ? ' (default)' : ''}
              </option>
            ))}
          </Select>
        </div>
      )}
      <div className="option-row">
        <label htmlFor={`${id}-model`}>Model</label>
        <Select id={`${id}-model`} value={value.model} onChange={(event) => set({ model: event.target.value })}>
          {catalog.models.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.label}
              {entry.licence?.warning ? ' (restricted licence)' : ''}
            </option>
          ))}
        </Select>
        {model?.licence && <LicenceBadge licence={model.licence} />}
      </div>

      <div className="option-row">
        <label htmlFor={`${id}-asset`}>Asset type</label>
        <Select id={`${id}-asset`} value={value.assetType} onChange={(event) => set({ assetType: event.target.value as AssetType })}>
          {catalog.asset_types.map((type) => (
            <option key={type.id} value={type.id}>
              {type.label} ({type.size.replace('x', ' × ')})
            </option>
          ))}
        </Select>
      </div>

      <fieldset className="option-row preset-group">
        <legend>Quality</legend>
        <div className="preset-choices">
          {catalog.presets.map((preset) => (
            <label key={preset.id} className="preset-choice">
              <input
                type="radio"
                name={`${id}-preset`}
                value={preset.id}
                checked={value.preset === preset.id}
                onChange={() => set({ preset: preset.id })}
              />
              {preset.label}
            </label>
          ))}
        </div>
        {price !== undefined && <p className="option-note">Estimated cost: {formatPrice(price)}.</p>}
      </fieldset>

      <details className="advanced-options">
        <summary>Advanced</summary>
        <div className="option-row">
          <label htmlFor={`${id}-seed`}>Seed</label>
          <input
            id={`${id}-seed`}
            inputMode="numeric"
            value={value.seed}
            placeholder="random"
            aria-invalid={seedError ? true : undefined}
            aria-describedby={`${id}-seed-hint`}
            onChange={(event) => set({ seed: event.target.value })}
          />
          <p id={`${id}-seed-hint`} className="option-note">
            {seedError ?? 'The same seed, prompt and settings give the same images. Leave empty for new ones each time.'}
          </p>
        </div>
      </details>
    </div>
  );
}
