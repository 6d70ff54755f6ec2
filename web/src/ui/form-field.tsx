import { useId, type ReactNode } from 'react';

/** What a field's control needs to be tied to its label, its hint and its errors. */
export interface FieldControlProps {
  id: string;
  className: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

interface FormFieldProps {
  label: ReactNode;
  hint?: ReactNode;
  /** Messages about this field, shown beside it in plain words and read with it by screen readers. */
  errors?: string[];
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}

/**
 * A labelled control with its hint and errors beside it; the control itself is the caller's (input, textarea, select),
 * given its id, its `field-control` look and its descriptions to spread on it.
 */
export function FormField({ label, hint, errors = [], className, children }: FormFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['form-field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        className: 'field-control',
        'aria-describedby': describedBy,
        ...(errors.length > 0 && { 'aria-invalid': true as const }),
      })}
      {hint && (
        <p id={hintId} className="form-field-hint">
          {hint}
        </p>
      )}
      {errors.length > 0 && (
        <p id={errorId} className="field-error">
          {errors.join(' ')}
        </p>
      )}
    </div>
  );
}
