interface ProgressBarProps {
  done: number;
  total: number;
  label: string;
}

export function ProgressBar({ done, total, label }: ProgressBarProps) {
  const safeTotal = Math.max(total, 1);
  const percent = Math.min(100, Math.round((done / safeTotal) * 100));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={safeTotal}
      aria-valuenow={done}
      aria-valuetext={`${done} of ${safeTotal} images ready`}
    >
      {/* A sliver of fill from the start shows that work has begun even before the first image lands. */}
      <div className="progress-fill" style={{ width: `${Math.max(percent, 4)}%` }} />
    </div>
  );
}
