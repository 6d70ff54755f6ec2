import type { Training } from '@brandgen/client';
import { describeError } from '../../../api/api-error.ts';
import { ProgressBar } from '../../../ui/progress-bar.tsx';
import { useCancelTraining } from '../api/cancel-training.ts';
import type { LiveTraining } from '../api/follow-training.ts';

const STATUS_WORDS: Record<Training['status'], string> = {
  queued: 'Waiting for a worker',
  running: 'Training',
  complete: 'Done',
  failed: 'Failed',
  canceled: 'Canceled',
};

/** Where a training stands, live: the step, the trainer's last log lines, and how it ended. */
export function TrainingProgress({ training, live, canEdit }: { training: Training; live: LiveTraining | undefined; canEdit: boolean }) {
  const cancel = useCancelTraining();
  const status = live?.status ?? training.status;
  const step = live?.step ?? training.step;
  const steps = live?.steps ?? training.steps;
  const error = live?.error ?? training.error?.message ?? null;
  const running = status === 'queued' || status === 'running';
  return (
    <section className="training-progress" aria-labelledby={`training-${training.id}`}>
      <h4 id={`training-${training.id}`}>
        {STATUS_WORDS[status]} · {training.trainer === 'demo' ? 'demo, not AI' : training.trainer} · step {step} of {steps}
      </h4>
      <ProgressBar done={step} total={steps} label="Training progress" valueText={`step ${step} of ${steps}`} />
      {(live?.logs.length ?? 0) > 0 && (
        <pre className="training-logs" aria-label="Trainer log">
          {live?.logs.join('\n')}
        </pre>
      )}
      {status === 'complete' && (
        <p role="status">
          The LoRA is in the brand library
          {(live?.brandVersion ?? training.brand_version) !== null
            ? ` and attached as version ${live?.brandVersion ?? training.brand_version}`
            : ''}
          .
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {canEdit && running && (
        <button type="button" className="button button-secondary" disabled={cancel.isPending} onClick={() => cancel.mutate(training.id)}>
          Cancel the training
        </button>
      )}
      {cancel.isError && <p className="field-error">{describeError(cancel.error)}</p>}
    </section>
  );
}
