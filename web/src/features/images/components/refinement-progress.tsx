import { useEffect, useRef } from 'react';
import { describeError } from '../../../api/api-error.ts';
import { isFiled, partialProgress } from '../../generate/job-state.ts';
import { useLiveJob } from '../../generate/api/get-job.ts';
import { ProgressBar } from '../../../ui/progress-bar.tsx';

/**
 * The progress of an edit started from an image, streamed like any job. Its images are filed in the library a moment
 * after the job completes; following the job refreshes the library then, so the refinement tree and project pages show
 * the new children, and only then does this say they are there.
 */
export function RefinementProgress({ jobId, what }: { jobId: string; what: string }) {
  const box = useRef<HTMLDivElement>(null);
  const { data: job, error } = useLiveJob(jobId);
  // Started from a button higher up a scrolling panel, the progress may appear below the fold: bring it into view.
  useEffect(() => {
    box.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  const filed = job !== undefined && isFiled(job);

  const done = job?.progress.done ?? 0;
  const total = job?.progress.total || 4;
  let message = `${what}: starting…`;
  if (error) message = `${what}: ${describeError(error)}`;
  else if (job?.status === 'failed') message = `${what} failed. ${job.error?.message ?? ''}`.trim();
  else if (filed) message = `${what}: ${done} of ${total} ready. They are in the refinement tree below.`;
  else if (job) message = `${what}: ${done} of ${total} images ready…`;
  return (
    <div ref={box} className="refinement-progress">
      {!filed && job && job.status !== 'failed' && (
        <ProgressBar done={done} partial={partialProgress(job)} total={total} label={`${what} progress`} />
      )}
      <p role="status" className={job?.status === 'failed' || error ? 'field-error' : 'template-hint'}>
        {message}
      </p>
    </div>
  );
}
