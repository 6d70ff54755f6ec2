interface ProgressBarProps {
  done: number;
  total: number;
  label: string;
  /** Finished images plus the fractions of those in progress; moves the fill between whole images. */
  partial?: number;
  /** What the numbers count, read out by screen readers; images when left out. */
  valueText?: string;
}

export function ProgressBar({ done, total, label, partial, valueText }: ProgressBarProps) {
  const safeTotal = Math.max(total, 1);
  const percent = Math.min(100, Math.round((Math.max(done, partial ?? 0) / safeTotal) * 100));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={safeTotal}
      aria-valuenow={done}
      aria-valuetext={valueText ?? `${done} of ${safeTotal} images ready`}
    >
      {/* A sliver of fill from the start shows that work has begun even before the first image lands. */}
      <div className="progress-fill" style={{ width: `${Math.max(percent, 4)}%` }} />
    </div>
  );
}
