import type { Lora, LoraTrial } from '@brandgen/client';
import { useState } from 'react';
import { describeError } from '../../../api/api-error.ts';
import { isFiled, isFinished } from '../../generate/job-state.ts';
import { ProgressBar } from '../../../ui/progress-bar.tsx';
import { useLiveJob } from '../../generate/api/get-job.ts';
import { Dialog } from '../../../ui/dialog.tsx';
import { FormField } from '../../../ui/form-field.tsx';
import { thumbnailSrcSet } from '../../../ui/thumbnail-src-set.ts';
import { useStartLoraTrial } from '../api/start-lora-trial.ts';

const SAMPLE_PROMPT = 'a ceramic coffee mug on a plain table';

/** One half of a trial: its four images as they arrive. */
function TrialHalf({ jobId, title }: { jobId: string; title: string }) {
  const job = useLiveJob(jobId).data;
  const ready = job?.slots.filter((slot) => slot.status === 'ready').length ?? 0;
  const finished = job !== undefined && isFinished(job);
  // Thumbnails exist once the job is filed in the library, a moment after it finishes; until then the full image shows.
  const filed = job !== undefined && isFiled(job);
  return (
    <figure className="lora-trial-half">
      <figcaption>{title}</figcaption>
      {job && !finished && <ProgressBar done={ready} total={job.slots.length} label={`${title}: progress`} />}
      <ul className="lora-trial-images">
        {(job?.slots ?? []).map((slot) => (
          <li key={slot.n}>
            {slot.status === 'ready' && slot.url ? (
              <img
                src={filed && slot.thumbnail_url ? slot.thumbnail_url : slot.url}
                srcSet={filed && slot.thumbnail_url ? thumbnailSrcSet(slot.thumbnail_url) : undefined}
                alt={`${title}, image ${slot.n + 1} (seed ${slot.seed})`}
                width={256}
                height={256}
              />
            ) : (
              <span className="lora-trial-placeholder">
                {slot.status === 'pending' ? 'Drawing…' : (slot.error ?? 'This image failed.')}
              </span>
            )}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/**
 * Try a LoRA: one prompt drawn twice with the same model and seeds, with the LoRA and without any, side by side, so the
 * difference is the LoRA's alone.
 */
export function LoraTrialDialog({ brandId, lora, onClose }: { brandId: string; lora: Lora; onClose: () => void }) {
  const [prompt, setPrompt] = useState(SAMPLE_PROMPT);
  const [trial, setTrial] = useState<LoraTrial | null>(null);
  const start = useStartLoraTrial();
  return (
    <Dialog title={`Try ${lora.name}`} onClose={onClose} className="lora-trial-dialog">
      <form
        className="lora-trial-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          start.mutate({ brandId, loraId: lora.id, prompt }, { onSuccess: setTrial });
        }}
      >
        <FormField label="Description" hint="Both halves use this description, the same model and the same seeds.">
          {(control) => <input {...control} value={prompt} onChange={(event) => setPrompt(event.target.value)} />}
        </FormField>
        <button type="submit" className="button button-primary" disabled={start.isPending || prompt.trim() === ''}>
          {start.isPending ? 'Starting…' : trial ? 'Try again' : 'Make both'}
        </button>
      </form>
      <p role="alert" className="field-error">
        {start.error ? describeError(start.error) : ''}
      </p>
      {trial && (
        <>
          <p className="lora-trial-note">
            Model {trial.model}, seeds {trial.seed} to {trial.seed + 3}.
          </p>
          <div className="lora-trial-halves">
            <TrialHalf key={trial.with_lora_job_id} jobId={trial.with_lora_job_id} title={`With ${lora.name}`} />
            <TrialHalf key={trial.without_lora_job_id} jobId={trial.without_lora_job_id} title="Without a LoRA" />
          </div>
        </>
      )}
    </Dialog>
  );
}
