import type { Trainer, TrainingSet } from '@brandgen/client';
import { useState } from 'react';
import { TrainingSetEditor } from './training-set-editor.tsx';
import { TrainingStart } from './training-start.tsx';

/**
 * One set: its pictures with their flags, what it still lacks, and for administrators the button that trains it and
 * the one that opens it for change (in place of the pictures, until closed).
 */
export function TrainingSetCard({
  set,
  trainers,
  canEdit,
  onStarted,
}: {
  set: TrainingSet;
  trainers: Trainer[];
  canEdit: boolean;
  onStarted: (trainingId: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const duplicates = set.images.filter((image) => image.near_duplicate_of !== null).length;
  const small = set.images.filter((image) => image.small).length;
  const flags = [
    duplicates > 0 && `${duplicates} near-duplicate${duplicates === 1 ? '' : 's'}`,
    small > 0 && `${small} under 512 px`,
  ].filter(Boolean);
  return (
    <li className="training-set-card" aria-label={set.name}>
      <div className="training-set-heading">
        <h4>{set.name}</h4>
        <span className="training-set-meta">
          {set.images.length} pictures · {set.kind} · trigger word “{set.trigger_word}”{flags.length > 0 && ` · ${flags.join(', ')}`}
        </span>
        {canEdit && !editing && (
          <button type="button" className="button button-secondary" onClick={() => setEditing(true)}>
            Edit the set
          </button>
        )}
      </div>
      {editing && <TrainingSetEditor set={set} onClose={() => setEditing(false)} />}
      {!editing && (
        <ul className="training-thumbnails">
          {set.images.map((image) => (
            <li key={image.id} className={image.near_duplicate_of || image.small ? 'training-thumbnail-flagged' : undefined}>
              <img
                src={image.url}
                alt={`${image.file_name}: ${image.caption}`}
                title={
                  image.near_duplicate_of
                    ? 'Nearly repeats another picture'
                    : image.small
                      ? 'Under 512 px on the short side'
                      : image.caption
                }
              />
            </li>
          ))}
        </ul>
      )}
      {set.problems.map((problem) => (
        <p key={problem} className="training-problem">
          {problem}
        </p>
      ))}
      {canEdit && !editing && trainers.length > 0 && <TrainingStart set={set} trainers={trainers} onStarted={onStarted} />}
    </li>
  );
}
