import { useId, type ReactNode } from 'react';
import { LORA_SCALE } from '../../../../../server/src/domain/brand-kit-formats.ts';
import type { ErrorsFor } from '../field-errors.ts';
import { loraRowField, type LoraDraft } from '../kit-draft.ts';

interface LoraEditorProps {
  legend: string;
  /** The kit's field path of these LoRAs, as the server names problems: `lora.by_family` or `asset_types.icon.lora_by_family`. */
  field: string;
  rows: LoraDraft[];
  readOnly: boolean;
  errorsFor: ErrorsFor;
  hint: ReactNode;
  onChange: (rows: LoraDraft[]) => void;
}

/** LoRAs by model family: which file or link each family's model loads, and how strongly. */
export function LoraEditor({ legend, field, rows, readOnly, errorsFor, hint, onChange }: LoraEditorProps) {
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
          <span>File name or https link</span>
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
              <input
                {...common}
                aria-label={`${name}: file name or link`}
                value={row.path}
                onChange={(event) => set(index, { path: event.target.value })}
              />
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
      {!readOnly && (
        <button type="button" className="button button-secondary" onClick={() => onChange([...rows, { family: '', path: '', scale: '1' }])}>
          Add a LoRA
        </button>
      )}
    </fieldset>
  );
}
