import { useId } from 'react';
import { HEX_COLOUR, PALETTE_SIZE } from '../../../../../server/src/domain/brand-kit-formats.ts';
import type { ErrorsFor } from '../field-errors.ts';

interface PaletteEditorProps {
  palette: string[];
  readOnly: boolean;
  errorsFor: ErrorsFor;
  onChange: (palette: string[]) => void;
}

/** A new colour starts as the brand's first one, so the picker opens on something near the brand. */
const nextColour = (palette: string[]) => palette[0] ?? '#000000';

/**
 * The palette, one row per colour: a swatch that opens the system colour picker, the hex code to type or paste, and
 * a way to remove it. The swatch shows the typed code as soon as it is a colour.
 */
export function PaletteEditor({ palette, readOnly, errorsFor, onChange }: PaletteEditorProps) {
  const set = (index: number, colour: string) => onChange(palette.map((entry, at) => (at === index ? colour : entry)));
  const listErrors = errorsFor('palette');
  const id = useId();
  return (
    <fieldset className="brands-palette">
      <legend>Palette</legend>
      <ol className="brands-palette-rows">
        {palette.map((colour, index) => {
          const valid = HEX_COLOUR.pattern.test(colour.trim());
          const errors = errorsFor(`palette.${index}`);
          const hexId = `${id}-hex-${index}`;
          return (
            <li key={index} className="brands-palette-row">
              <span className="brands-picker" data-invalid={!valid || undefined} style={valid ? { background: colour.trim() } : undefined}>
                <input
                  type="color"
                  aria-label={`Pick colour ${index + 1}`}
                  value={valid ? colour.trim().toLowerCase() : '#000000'}
                  disabled={readOnly}
                  onChange={(event) => set(index, event.target.value.toUpperCase())}
                />
              </span>
              <label htmlFor={hexId} className="brands-palette-label">
                Colour {index + 1}
              </label>
              <input
                id={hexId}
                className="field-control brands-hex"
                value={colour}
                data-field={`palette.${index}`}
                readOnly={readOnly}
                spellCheck={false}
                autoComplete="off"
                maxLength={7}
                aria-invalid={errors.length > 0 || undefined}
                aria-describedby={errors.length > 0 ? `${hexId}-error` : undefined}
                onChange={(event) => set(index, event.target.value)}
              />
              {!readOnly && (
                <button
                  type="button"
                  className="button button-secondary brands-small-button"
                  aria-label={`Remove colour ${index + 1}`}
                  disabled={palette.length <= PALETTE_SIZE.min}
                  onClick={() => onChange(palette.filter((_, at) => at !== index))}
                >
                  Remove
                </button>
              )}
              {errors.length > 0 && (
                <p id={`${hexId}-error`} className="field-error brands-row-error">
                  {errors.join(' ')}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      {listErrors.length > 0 && <p className="field-error">{listErrors.join(' ')}</p>}
      {!readOnly && (
        <button
          type="button"
          className="button button-secondary"
          disabled={palette.length >= PALETTE_SIZE.max}
          onClick={() => onChange([...palette, nextColour(palette)])}
        >
          Add a colour
        </button>
      )}
      {!readOnly && palette.length >= PALETTE_SIZE.max && (
        <p className="form-field-hint">A palette takes at most {PALETTE_SIZE.max} colours.</p>
      )}
    </fieldset>
  );
}
