import type { Trainer, TrainingSet } from '@brandgen/client';
import { useState } from 'react';
import { describeError } from '../../../api/api-error.ts';
import { useStartTraining } from '../api/start-training.ts';

function costWords(usd: number): string {
  return usd === 0 ? 'free' : `about $${usd.toFixed(2)}`;
}

/** One set: its pictures with their flags, what it still lacks, and (for administrators) the button that trains it. */
export function TrainingSetCard({
  set,
  trainer,
  canEdit,
  onStarted,
}: {
  set: TrainingSet;
  trainer: Trainer | undefined;
  canEdit: boolean;
  onStarted: (trainingId: string) => void;
}) {
  const start = useStartTraining();
  const [useAtOnce, setUseAtOnce] = useState(true);
  const duplicates = set.images.filter((image) => image.near_duplicate_of !== null).length;
  const small = set.images.filter((image) => image.small).length;
  const flags = [
    duplicates > 0 && `${duplicates} near-duplicate${duplicates === 1 ? '' : 's'}`,
    small > 0 && `${small} under 512 px`,
  ].filter(Boolean);
  const train = () =>
    trainer &&
    start.mutate(
      { brandId: set.brand_id, body: { set_id: set.id, trainer: trainer.id, use_at_once: useAtOnce } },
      { onSuccess: (training) => onStarted(training.id) },
    );
  return (
    <li className="training-set-card" aria-label={set.name}>
      <div className="training-set-heading">
        <h4>{set.name}</h4>
        <span className="training-set-meta">
          {set.images.length} pictures · {set.kind} · trigger word “{set.trigger_word}”{flags.length > 0 && ` · ${flags.join(', ')}`}
        </span>
      </div>
      <ul className="training-thumbnails">
        {set.images.map((image) => (
          <li key={image.id} className={image.near_duplicate_of || image.small ? 'training-thumbnail-flagged' : undefined}>
            <img
              src={image.url}
              alt={`${image.file_name}: ${image.caption}`}
              title={
                image.near_duplicate_of ? 'Nearly repeats another picture' : image.small ? 'Under 512 px on the short side' : image.caption
              }
            />
          </li>
        ))}
      </ul>
      {set.problems.map((problem) => (
        <p key={problem} className="training-problem">
          {problem}
        </p>
      ))}
      {canEdit && trainer && (
        <div className="training-start">
          <label className="training-use-at-once">
            <input type="checkbox" checked={useAtOnce} onChange={(event) => setUseAtOnce(event.target.checked)} />
            Use it at once (attach the LoRA as a new brand version)
          </label>
          <p className="training-estimate">
            {trainer.label}: {trainer.default_steps} steps, estimated cost {costWords(trainer.estimated_cost_usd)}.
          </p>
          <button type="button" className="button button-primary" disabled={!set.ready || start.isPending} onClick={train}>
            Train with {trainer.label}
          </button>
        </div>
      )}
      {start.isError && (
        <p className="field-error" role="alert">
          {describeError(start.error)}
        </p>
      )}
    </li>
  );
}
