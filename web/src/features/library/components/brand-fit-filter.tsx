/** The minimum brand fits History offers; the API takes any whole number from 0 to 100. */
export const BRAND_FIT_STEPS = ['50', '75', '90'] as const;

interface BrandFitFilterProps {
  /** The `min_brand_fit` of the address, or null for every image. */
  value: string | null;
  onChange: (value: string | null) => void;
  /** Whether the best fit comes first rather than the newest image. */
  bestFirst: boolean;
  onBestFirstChange: (bestFirst: boolean) => void;
}

/** Keeps only images at least this on brand, and puts the best fit first, as pressed buttons like the page's other views. */
export function BrandFitFilter({ value, onChange, bestFirst, onBestFirstChange }: BrandFitFilterProps) {
  const current = BRAND_FIT_STEPS.find((step) => step === value) ?? null;
  return (
    <>
      <div className="history-views" role="group" aria-label="Minimum brand fit">
        <button type="button" className="button button-secondary" aria-pressed={current === null} onClick={() => onChange(null)}>
          Any fit
        </button>
        {BRAND_FIT_STEPS.map((step) => (
          <button
            key={step}
            type="button"
            className="button button-secondary"
            aria-pressed={current === step}
            aria-label={`Brand fit ${step} or more`}
            onClick={() => onChange(step)}
          >
            Fit {step}+
          </button>
        ))}
      </div>
      {/* A group of its own, so it is styled as pressed like the views beside it. */}
      <div className="history-views" role="group" aria-label="Order">
        <button type="button" className="button button-secondary" aria-pressed={bestFirst} onClick={() => onBestFirstChange(!bestFirst)}>
          Best fit first
        </button>
      </div>
    </>
  );
}
