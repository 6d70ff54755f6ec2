import type { ReactNode } from 'react';
import './checkbox.css';

interface CheckboxProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
  disabled?: boolean;
}

/**
 * A tick box in the app's look: the browser's own checkbox, kept for keyboard and screen readers, drawn by the app's
 * stylesheet rather than by the platform, with its words beside it as the label.
 */
export function Checkbox({ checked, onChange, children, disabled = false }: CheckboxProps) {
  return (
    <label className="checkbox">
      <input
        type="checkbox"
        className="checkbox-input"
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
      />
      <span className="checkbox-text">{children}</span>
    </label>
  );
}
