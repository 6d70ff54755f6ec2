import { FormField } from '../../../ui/form-field.tsx';
import type { ErrorsFor } from '../field-errors.ts';

interface KitTextFieldProps {
  label: string;
  hint?: string;
  /** The kit's field path, as the server names its problems: `style_suffix`, `asset_types.icon.size`. */
  field: string;
  value: string;
  readOnly: boolean;
  errorsFor: ErrorsFor;
  /** A text area this many lines high; a one-line input without. */
  rows?: number;
  onChange: (value: string) => void;
}

/** One text field of the kit, with its problems beside it. */
export function KitTextField({ label, hint, field, value, readOnly, errorsFor, rows, onChange }: KitTextFieldProps) {
  return (
    <FormField label={label} hint={hint} errors={errorsFor(field)}>
      {(control) => {
        const props = { ...control, 'data-field': field, readOnly, value };
        return rows ? (
          <textarea {...props} rows={rows} onChange={(event) => onChange(event.target.value)} />
        ) : (
          <input {...props} onChange={(event) => onChange(event.target.value)} />
        );
      }}
    </FormField>
  );
}
