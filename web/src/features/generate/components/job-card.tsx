import { useId, useState } from 'react';
import { useNavigate } from '../../../app/router.tsx';
import { describeError } from '../../../api/api-error.ts';
import { isFiled, isFinished, partialProgress, slotsInOrder } from '../job-state.ts';
import { formatJobTime } from '../../../format/format-job-time.ts';
import { useLiveJob } from '../api/get-job.ts';
import { useToggleFavorite } from '../../images/api/set-favorite.ts';
import { useJobImages } from '../../images/api/list-job-images.ts';
import { ImageViewer } from '../../images/components/lazy-image-viewer.tsx';
import { SlotGrid } from './slot-grid.tsx';
import { ProgressBar } from '../../../ui/progress-bar.tsx';

interface JobCardProps {
  jobId: string;
  /** The newest set gets the prominent "Generate more": it is the one people are most likely iterating on. */
  isLatest: boolean;
  onGenerateMore: (jobId: string) => void;
  generatingMore: boolean;
  generateMoreError: unknown;
}

export function JobCard({ jobId, isLatest, onGenerateMore, generatingMore, generateMoreError }: JobCardProps) {
  const { data: job, error, refetch, isFetching } = useLiveJob(jobId);
  const headingId = useId();
  const viewer = useSetViewer(jobId);

  if (job === undefined) {
    return (
      <article className="job-card">
        {error ? (
          <div className="job-card-problem">
            <p>This image set could not be loaded. {describeError(error)}</p>
            <button type="button" className="button button-secondary" onClick={() => void refetch()} disabled={isFetching}>
              Try again
            </button>
          </div>
        ) : (
          <p className="job-card-loading">Loading image set…</p>
        )}
      </article>
    );
  }

  const finished = isFinished(job);
  const slots = slotsInOrder(job);
  const total = job.progress.total || slots.length;

  return (
    <article className="job-card" aria-labelledby={headingId} data-job-id={job.id} data-status={job.status}>
      <header className="job-card-header">
        <div className="job-card-heading">
          <h3 id={headingId} className="job-card-title">
            {job.prompt}
          </h3>
          <p className="job-card-meta">
            <time dateTime={job.created_at}>{formatJobTime(job.created_at)}</time>
            <span aria-hidden="true"> · </span>
            <span>Model: {job.model}</span>
            {job.source_job_id !== null && (
              <>
                <span aria-hidden="true"> · </span>
                <span>More of an earlier set</span>
              </>
            )}
            {job.refinement && (
              <>
                <span aria-hidden="true"> · </span>
                <span>
                  {job.refinement.kind === 'edit'
                    ? `Edit: “${job.refinement.instruction}”`
                    : job.refinement.strength === null
                      ? 'Variations of an image'
                      : `Variations from an image, strength ${job.refinement.strength.toFixed(2)}`}
                </span>
              </>
            )}
          </p>
        </div>
        {/* Up top rather than under the images: the action stays in view without scrolling past a tall grid. */}
        <div className="job-card-actions">
          <button
            type="button"
            className={`button ${isLatest ? 'button-accent' : 'button-secondary'}`}
            onClick={() => onGenerateMore(job.id)}
            disabled={generatingMore}
            aria-describedby={headingId}
          >
            {generatingMore ? 'Starting…' : 'Generate more'}
          </button>
        </div>
        {generateMoreError != null && <p className="job-card-action-error">{describeError(generateMoreError)}</p>}
      </header>

      {!finished && (
        <div className="job-card-progress">
          <ProgressBar done={job.progress.done} partial={partialProgress(job)} total={total} label={`Progress for “${job.prompt}”`} />
          <p className="job-card-progress-text" aria-hidden="true">
            {job.status === 'queued' ? 'Waiting to start…' : `${job.progress.done} of ${total} ready`}
          </p>
        </div>
      )}

      {job.status === 'failed' && (
        <p className="job-card-problem">
          {job.error?.message ? `Something went wrong with this set: ${job.error.message}` : 'Something went wrong with this set.'}
        </p>
      )}

      <SlotGrid slots={slots} prompt={job.prompt} jobFinished={finished} jobFiled={isFiled(job)} onOpen={viewer.open} {...viewer.tools} />
      {viewer.element}
    </article>
  );
}

/** The viewer over a set's images: opened on one slot, the arrow keys move through the set's four. */
function useSetViewer(jobId: string) {
  const [openN, setOpenN] = useState<number | null>(null);
  const [shownId, setShownId] = useState<string | null>(null);
  const [engaged, setEngaged] = useState(false);
  const images = useJobImages(jobId, openN, engaged);
  const toggleFavorite = useToggleFavorite();
  const navigate = useNavigate();
  const list = images.data ?? [];
  const image = list.find((entry) => (shownId === null ? entry.n === openN : entry.id === shownId));
  const close = () => {
    setOpenN(null);
    setShownId(null);
    toggleFavorite.reset();
  };
  const element =
    openN !== null && image ? (
      <ImageViewer
        images={list}
        image={image}
        onClose={close}
        // The refinement tree's parents and children belong to other sets; History shows those.
        onShow={(next) => {
          if (typeof next !== 'string') return setShownId(next.id);
          close();
          void navigate(`/history?image=${encodeURIComponent(next)}`);
        }}
        onToggleFavorite={(target) => toggleFavorite.mutate(target)}
        favoriteError={toggleFavorite.error}
        returnFocusTo={(shown) => document.querySelector<HTMLElement>(`[data-job-id="${CSS.escape(jobId)}"] [data-slot-n="${shown.n}"]`)}
      />
    ) : null;
  const tools = {
    onEngage: () => setEngaged(true),
    favorites: [0, 1, 2, 3].map((n) => list.find((entry) => entry.n === n)?.favorite),
    onStar: (n: number) => {
      const target = list.find((entry) => entry.n === n);
      if (target) toggleFavorite.mutate(target);
    },
  };
  return { open: (n: number) => setOpenN(n), element, tools };
}
