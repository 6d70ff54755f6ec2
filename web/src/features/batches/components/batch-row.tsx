import type { BatchJob } from '@brandgen/client';
import type { BatchSlot } from '../api/list-batch-images.ts';
import { isFiled } from '../../generate/job-state.ts';
import { isCancelled, jobStatus } from './batch-words.ts';

const slotWords = { pending: 'Not ready yet', ready: 'Ready', failed: 'Failed', expired: 'Expired' } as const;

/** One prompt of a batch on the contact sheet: the prompt, its four images (each opens the viewer), its state. */
export function BatchRow({ job, onOpen }: { job: BatchJob; onOpen: (slot: BatchSlot) => void }) {
  const filed = isFiled(job);
  return (
    <li className="batch-row" data-job-id={job.job_id} data-status={isCancelled(job) ? 'cancelled' : job.status}>
      <p className="batch-job-prompt">{job.prompt}</p>
      <div className="batch-row-images">
        {job.slots.map((slot) =>
          slot.status === 'ready' && slot.url !== null ? (
            <button
              key={slot.n}
              type="button"
              className="batch-thumb"
              data-slot-n={slot.n}
              aria-label={`Image ${slot.n + 1} of “${job.prompt}”. Open in the viewer`}
              onClick={() => onOpen({ jobId: job.job_id, n: slot.n })}
            >
              {/* A thumbnail is made when the job is filed, a moment after it finishes: the full image until then. */}
              <img
                src={filed && slot.thumbnail_url !== null ? slot.thumbnail_url : slot.url}
                alt=""
                width={96}
                height={96}
                loading="lazy"
                decoding="async"
              />
            </button>
          ) : (
            <span key={slot.n} className="batch-thumb batch-thumb-empty" data-slot-status={slot.status} title={slotWords[slot.status]}>
              <span className="visually-hidden">
                Image {slot.n + 1}: {slotWords[slot.status]}
              </span>
            </span>
          ),
        )}
      </div>
      <p className="batch-job-status">{jobStatus(job)}</p>
    </li>
  );
}
