import type { LibraryImage } from '@brandgen/client';
import { useId, useState } from 'react';
import { describeError } from '../../../api/api-error.ts';
import { useModelCatalog } from '../../models/api/get-model-catalog.ts';
import { useStartVariations } from '../api/start-variations.ts';
import { SegmentedControl } from '../../../ui/segmented-control.tsx';
import { RefinementProgress } from './refinement-progress.tsx';

/**
 * "Make variations": four new images from the same settings, or redrawn from this image at a chosen strength when the
 * model can. An edited image is always drawn from itself (the server's rule: its prompt alone would lose the edit), so
 * it offers no "new seeds". Their progress shows here, in place: the person stays where they were (History, a project).
 */
const STARTS = [
  { value: 'seeds', label: 'New seeds' },
  { value: 'image', label: 'From this image' },
] as const;

export function VariationsForm({ image }: { image: LibraryImage }) {
  const id = useId();
  const catalog = useModelCatalog();
  const redraws = catalog.data?.models.some((model) => model.id === image.model && model.supports_image_to_image) ?? false;
  const edited = image.refinement?.kind === 'edit';
  const [chosenFromImage, setFromImage] = useState(false);
  const fromImage = edited || chosenFromImage;
  const [strength, setStrength] = useState(0.5);
  const variations = useStartVariations(image.id);
  return (
    <section className="image-viewer-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Variations</h3>
      {edited && <p className="image-viewer-hint">Variations of an edit start from this image, with the prompt of the picture it edits.</p>}
      {redraws && !edited && (
        <SegmentedControl
          label="Variations start from"
          hideLabel
          options={STARTS}
          value={fromImage ? 'image' : 'seeds'}
          onChange={(value) => setFromImage(value === 'image')}
        />
      )}
      {redraws && fromImage && (
        <div className="image-viewer-row">
          <label htmlFor={`${id}-strength`}>Strength</label>
          <input
            id={`${id}-strength`}
            className="range"
            type="range"
            min={0.05}
            max={1}
            step={0.05}
            value={strength}
            aria-describedby={`${id}-strength-hint`}
            onChange={(event) => setStrength(Number(event.target.value))}
          />
          <output htmlFor={`${id}-strength`}>{strength.toFixed(2)}</output>
          <p id={`${id}-strength-hint`} className="image-viewer-hint">
            Low keeps most of this image; high lets the model move further from it.
          </p>
        </div>
      )}
      <div>
        <button
          type="button"
          className="button button-secondary"
          disabled={variations.isPending}
          onClick={() => variations.mutate(redraws && fromImage ? strength : undefined)}
        >
          {variations.isPending ? 'Starting…' : 'Make variations'}
        </button>
      </div>
      {variations.isError && (
        <p className="field-error" role="alert">
          {describeError(variations.error)}
        </p>
      )}
      {variations.data && <RefinementProgress key={variations.data.job_id} jobId={variations.data.job_id} what="Variations" />}
    </section>
  );
}
