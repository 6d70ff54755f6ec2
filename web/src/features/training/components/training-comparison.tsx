import { COMPARISON_SEED, useComparison, useComparisonJob, type ComparisonRequest } from '../api/compare-versions.ts';

function ComparisonRow({ title, jobId }: { title: string; jobId: string | undefined }) {
  const job = useComparisonJob(jobId);
  const slots = job.data?.slots ?? [];
  return (
    <div className="training-comparison-row" role="group" aria-label={title}>
      <h5>{title}</h5>
      <ul>
        {[0, 1, 2, 3].map((n) => {
          const url = slots[n]?.url;
          return (
            <li key={n}>
              {url ? (
                <img src={url} alt={`${title}, seed ${COMPARISON_SEED + n}`} />
              ) : (
                <span className="training-comparison-pending">Drawing…</span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The same prompt and four seeds with the brand version before the training and with the new LoRA, side by side. */
export function TrainingComparison({ request }: { request: ComparisonRequest }) {
  const comparison = useComparison(request);
  return (
    <section className="training-comparison" aria-labelledby="training-comparison-title">
      <h4 id="training-comparison-title">Before and after</h4>
      <p className="brands-intro">
        The same prompt and seeds with version {request.before} and with version {request.after}, which carries the new LoRA.
      </p>
      {comparison.isError && <p className="field-error">The comparison could not be made: {String(comparison.error)}</p>}
      <ComparisonRow title={`Version ${request.before}`} jobId={comparison.data?.before} />
      <ComparisonRow title={`Version ${request.after}, with the new LoRA`} jobId={comparison.data?.after} />
    </section>
  );
}
