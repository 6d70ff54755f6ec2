import type { Lora } from '@brandgen/client';
import { useId, type ReactNode } from 'react';
import { LORA_SCALE } from '../../../../../server/src/domain/brand-kit-formats.ts';
import type { ErrorsFor } from '../field-errors.ts';
import { loraRowField, type LoraDraft } from '../kit-draft.ts';

interface LoraEditorProps {
  legend: string;
  /** The kit's field path of these LoRAs, as the server names problems: `lora.by_family` or `asset_types.icon.lora_by_family`. */
  field: string;
  rows: LoraDraft[];
  /** The brand's LoRA library: rows pick from it. */
  library: readonly Lora[];
  readOnly: boolean;
  errorsFor: ErrorsFor;
  hint: ReactNode;
  onChange: (rows: LoraDraft[]) => void;
}

/** LoRAs by model family: which file or link each family's model loads, and how strongly. */
export function LoraEditor({ legend, field, rows, library, readOnly, errorsFor, hint, onChange }: LoraEditorProps) {
  const id = useId();
  const set = (index: number, change: Partial<LoraDraft>) => onChange(rows.map((row, at) => (at === index ? { ...row, ...change } : row)));
  return (
    <fieldset className="brands-loras">
      <legend>{legend}</legend>
      <p className="form-field-hint">{hint}</p>
      {rows.length === 0 && <p className="brands-empty-note">No LoRA.</p>}
      {rows.length > 0 && (
        <div className="brands-lora-head" aria-hidden="true">
          <span>Model family</span>
          <span>LoRA from the library</span>
          <span>Strength</span>
        </div>
      )}
      <ol className="brands-lora-rows">
        {rows.map((row, index) => {
          const rowField = loraRowField(field, index);
          const errors = [
            ...errorsFor(rowField),
            ...(row.family.trim() ? errorsFor(`${field}.${row.family.trim()}`, { under: true }) : []),
          ];
          const invalid = errors.length > 0 || undefined;
          const name = `${legend}, LoRA ${index + 1}`;
          const errorId = `${id}-error-${index}`;
          const common = {
            className: 'field-control',
            'data-field': rowField,
            readOnly,
            'aria-invalid': invalid,
            'aria-describedby': invalid && errorId,
          };
          return (
            <li key={index} className="brands-lora-row">
              <input
                {...common}
                aria-label={`${name}: model family`}
                value={row.family}
                onChange={(event) => set(index, { family: event.target.value })}
              />
              <select
                {...common}
                disabled={readOnly}
                aria-label={`${name}: LoRA`}
                value={row.loraId}
                onChange={(event) => {
                  const chosen = library.find((lora) => lora.id === event.target.value);
                  // The family follows the LoRA unless someone typed another on purpose.
                  const follows = row.family.trim() === '' || library.some((lora) => lora.family === row.family);
                  set(index, { loraId: event.target.value, ...(follows && chosen && { family: chosen.family }) });
                }}
              >
                <option value="">Choose a LoRA…</option>
                {library.map((lora) => (
                  <option key={lora.id} value={lora.id}>
                    {lora.name} ({lora.family})
                  </option>
                ))}
                {row.loraId !== '' && !library.some((lora) => lora.id === row.loraId) && (
                  <option value={row.loraId}>A LoRA no longer in the library</option>
                )}
              </select>
              <input
                {...common}
                aria-label={`${name}: strength from ${LORA_SCALE.min} to ${LORA_SCALE.max}`}
                inputMode="decimal"
                value={row.scale}
                onChange={(event) => set(index, { scale: event.target.value })}
              />
              {!readOnly && (
                <button
                  type="button"
                  className="button button-secondary brands-small-button"
                  aria-label={`Remove ${name}`}
                  onClick={() => onChange(rows.filter((_, at) => at !== index))}
                >
                  Remove
                </button>
              )}
              {errors.length > 0 && (
                <p id={errorId} className="field-error brands-row-error">
                  {errors.join(' ')}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      {!readOnly && library.length === 0 && (
        <p className="form-field-hint">Add a LoRA to the brand’s LoRA library first, then pick it here.</p>
      )}
      {!readOnly && library.length > 0 && (
        <button
          type="button"
          className="button button-secondary"
          onClick={() => onChange([...rows, { family: '', loraId: '', scale: '1' }])}
        >
          Add a LoRA
        </button>
      )}
    </fieldset>
  );
}
