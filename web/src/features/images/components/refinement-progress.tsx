import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { describeError } from '../../../api/api-error.ts';
import { isFinished, partialProgress } from '../../generate/job-state.ts';
import { libraryKey } from '../../library/api/list-images.ts';
import { useFiledJobImages } from '../api/list-job-images.ts';
import { useLiveJob } from '../../generate/api/get-job.ts';
import { ProgressBar } from '../../../ui/progress-bar.tsx';

/**
 * The progress of an edit started from an image, streamed like any job. Images are filed in the library a moment
 * after the job completes, so once they all are the library is refreshed and the refinement tree and project pages
 * show the new children.
 */
export function RefinementProgress({ jobId, what }: { jobId: string; what: string }) {
  const queryClient = useQueryClient();
  const box = useRef<HTMLDivElement>(null);
  const { data: job, error } = useLiveJob(jobId);
  // Started from a button higher up a scrolling panel, the progress may appear below the fold: bring it into view.
  useEffect(() => {
    box.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  const finished = job !== undefined && isFinished(job);
  const ready = job?.slots.filter((slot) => slot.status === 'ready').length ?? 0;
  const filed = useFiledJobImages(jobId, finished, ready);
  const allFiled = finished && (filed.data?.length ?? -1) >= ready;
  useEffect(() => {
    if (allFiled) void queryClient.invalidateQueries({ queryKey: libraryKey });
  }, [allFiled, queryClient]);

  const done = job?.progress.done ?? 0;
  const total = job?.progress.total || 4;
  let message = `${what}: starting…`;
  if (error) message = `${what}: ${describeError(error)}`;
  else if (job?.status === 'failed') message = `${what} failed. ${job.error?.message ?? ''}`.trim();
  else if (allFiled) message = `${what}: ${done} of ${total} ready. They are in the refinement tree below.`;
  else if (job) message = `${what}: ${done} of ${total} images ready…`;
  return (
    <div ref={box} className="refinement-progress">
      {!allFiled && job && job.status !== 'failed' && (
        <ProgressBar done={done} partial={partialProgress(job)} total={total} label={`${what} progress`} />
      )}
      <p role="status" className={job?.status === 'failed' || error ? 'field-error' : 'template-hint'}>
        {message}
      </p>
    </div>
  );
}
