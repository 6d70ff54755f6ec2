import { useId, useRef, type KeyboardEvent } from 'react';
import './segmented-control.css';

export interface SegmentedOption<Value extends string> {
  value: Value;
  label: string;
}

interface SegmentedControlProps<Value extends string> {
  /** The question the choice answers, shown above it and read as the group's name. */
  label: string;
  options: ReadonlyArray<SegmentedOption<Value>>;
  value: Value;
  onChange: (value: Value) => void;
  /** Where the surrounding heading already says what is chosen: the label is then only read, not shown. */
  hideLabel?: boolean;
}

const STEPS: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

/**
 * One choice of a few, as joined buttons: a radio group to assistive technology, with the arrow keys moving the
 * choice and one Tab stop for the whole group, as native radios have, in the app's look rather than the browser's.
 */
export function SegmentedControl<Value extends string>({
  label,
  options,
  value,
  onChange,
  hideLabel = false,
}: SegmentedControlProps<Value>) {
  const labelId = useId();
  const group = useRef<HTMLDivElement>(null);
  // With nothing chosen the first option takes the group's one Tab stop, so the keyboard can still reach it.
  const tabStop = options.some((option) => option.value === value) ? value : options[0]?.value;
  const onKeyDown = (event: KeyboardEvent) => {
    const step = STEPS[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const index = options.findIndex((option) => option.value === value);
    const next = options[(index + step + options.length) % options.length]!;
    onChange(next.value);
    group.current?.querySelector<HTMLElement>(`[data-value="${CSS.escape(next.value)}"]`)?.focus();
  };
  return (
    <div className="segmented-control">
      <span id={labelId} className={hideLabel ? 'visually-hidden' : 'segmented-control-label'}>
        {label}
      </span>
      <div ref={group} role="radiogroup" aria-labelledby={labelId} className="segmented-control-options" onKeyDown={onKeyDown}>
        {options.map((option) => (
          <button
            key={option.value}
            type="button"
            role="radio"
            data-value={option.value}
            aria-checked={option.value === value}
            tabIndex={option.value === tabStop ? 0 : -1}
            className="segmented-control-option"
            onClick={() => onChange(option.value)}
          >
            {option.label}
          </button>
        ))}
      </div>
    </div>
  );
}
