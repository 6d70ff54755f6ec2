import type { Brand } from '@brandgen/client';
import { describeError } from '../../../api/api-error.ts';
import { useComparison, useComparisonJob, type ComparisonRequest, type ComparisonRow } from '../api/compare-versions.ts';

/** The brand's own names for its asset types ("Marketing / hero image"), which head the rows. */
type AssetTypes = Brand['kit']['asset_types'];

/** The first image of one job (the one with the shot's seed), or where it stands until it is drawn. */
function ComparisonImage({ jobId, alt }: { jobId: string | undefined; alt: string }) {
  const job = useComparisonJob(jobId);
  const url = job.data?.slots[0]?.url;
  if (url) return <img src={url} alt={alt} />;
  return <span className="training-comparison-pending">{job.data?.status === 'failed' ? 'Not drawn' : 'Drawing…'}</span>;
}

interface ComparisonPairProps {
  row: ComparisonRow | undefined;
  index: number;
  request: ComparisonRequest;
  assetTypes: AssetTypes;
}

function ComparisonPair({ row, index, request, assetTypes }: ComparisonPairProps) {
  const name = row ? assetTypes[row.shot.assetType].label : undefined;
  const label = row ? `${name}, seed ${row.shot.seed}` : `Prompt ${index + 1}`;
  return (
    <li className="training-comparison-row" aria-label={label}>
      <p className="training-comparison-prompt">
        <strong>{name ?? 'Preparing…'}</strong> {row && `“${row.shot.description}”, seed ${row.shot.seed}`}
      </p>
      <figure>
        <ComparisonImage jobId={row?.before} alt={`${label}, version ${request.before}`} />
        <figcaption>Version {request.before}</figcaption>
      </figure>
      <figure>
        <ComparisonImage jobId={row?.after} alt={`${label}, version ${request.after} with the new LoRA`} />
        <figcaption>Version {request.after}, new LoRA</figcaption>
      </figure>
    </li>
  );
}

/** Four prompts with one seed each, drawn with the brand version before the training and with the new LoRA, side by side. */
export function TrainingComparison({ request, assetTypes }: { request: ComparisonRequest; assetTypes: AssetTypes }) {
  const comparison = useComparison(request);
  return (
    <section className="training-comparison" aria-labelledby="training-comparison-title">
      <h4 id="training-comparison-title">Before and after</h4>
      <p className="brands-intro">
        The same four prompts and seeds, one per asset type, with version {request.before} and with version {request.after}, which carries
        the new LoRA.
      </p>
      {comparison.isError && <p className="field-error">The comparison could not be made. {describeError(comparison.error)}</p>}
      <ul className="training-comparison-rows">
        {[0, 1, 2, 3].map((index) => (
          <ComparisonPair key={index} row={comparison.data?.[index]} index={index} request={request} assetTypes={assetTypes} />
        ))}
      </ul>
    </section>
  );
}
