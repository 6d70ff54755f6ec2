import type { TrainingSet, TrainingSetImage } from '@brandgen/client';
import { useState, type FormEvent } from 'react';
import { describeError, fieldMessages } from '../../../api/api-error.ts';
import { FormField } from '../../../ui/form-field.tsx';
import { useUpdateTrainingSet } from '../api/update-training-set.ts';
import { TrainingSetAddPictures } from './training-set-add-pictures.tsx';
import { TrainingSetDelete } from './training-set-delete.tsx';
import { TrainingSetPicture } from './training-set-picture.tsx';
import { TrainingKindField } from './training-kind-field.tsx';

/**
 * A caption as the form shows it: what the user typed, or else the stored one. A caption that is only the old
 * trigger word follows the trigger word being typed, so renaming it does not leave pictures captioned with the old word.
 */
function shownCaption(image: TrainingSetImage, drafts: Record<string, string>, set: TrainingSet, triggerWord: string): string {
  return drafts[image.id] ?? (image.caption === set.trigger_word ? triggerWord : image.caption);
}

/** Image id → caption, for the captions that differ from the stored ones: what "Save the changes" sends. */
function changedCaptions(set: TrainingSet, drafts: Record<string, string>, triggerWord: string): Record<string, string> {
  const shown = set.images.map((image) => [image, shownCaption(image, drafts, set, triggerWord)] as const);
  return Object.fromEntries(shown.filter(([image, caption]) => caption !== image.caption).map(([image, caption]) => [image.id, caption]));
}

/**
 * A saved set opened for change. Pictures are added and removed at once, each in one request the server applies whole;
 * the trigger word, kind and captions wait for "Save the changes", which sends them together (all kept, or none).
 */
export function TrainingSetEditor({ set, onClose }: { set: TrainingSet; onClose: () => void }) {
  const update = useUpdateTrainingSet();
  const [triggerWord, setTriggerWord] = useState(set.trigger_word);
  const [kind, setKind] = useState(set.kind);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const captions = changedCaptions(set, drafts, triggerWord);
  const changed = triggerWord !== set.trigger_word || kind !== set.kind || Object.keys(captions).length > 0;
  const edit = (imageId: string, caption: string) => {
    setSaved(false);
    setDrafts((current) => ({ ...current, [imageId]: caption }));
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { brandId: set.brand_id, setId: set.id, triggerWord, kind, captions },
      {
        onSuccess: () => {
          setDrafts({});
          setSaved(true);
        },
      },
    );
  };
  return (
    <form className="training-set-editor" onSubmit={save} aria-label={`Edit ${set.name}`} noValidate>
      <p className="training-set-meta">
        Pictures are added and removed at once. The trigger word, kind and captions are kept when you save them.
      </p>
      <ul className="training-picture-list">
        {set.images.map((image) => (
          <TrainingSetPicture
            key={image.id}
            set={set}
            image={image}
            caption={shownCaption(image, drafts, set, triggerWord)}
            placeholder={triggerWord}
            errors={fieldMessages(update.error, `captions.${image.id}`)}
            onCaption={(caption) => edit(image.id, caption)}
          />
        ))}
      </ul>
      <TrainingSetAddPictures set={set} />
      <div className="training-set-fields">
        <FormField label="Trigger word" errors={fieldMessages(update.error, 'trigger_word')}>
          {(control) => (
            <input
              {...control}
              value={triggerWord}
              maxLength={40}
              onChange={(event) => {
                setSaved(false);
                setTriggerWord(event.target.value);
              }}
            />
          )}
        </FormField>
        <TrainingKindField value={kind} errors={fieldMessages(update.error, 'kind')} onChange={setKind} />
      </div>
      {update.isError && (
        <p className="field-error" role="alert">
          Nothing was saved. {describeError(update.error)}
        </p>
      )}
      <div className="training-set-editor-actions">
        <button type="submit" className="button button-primary" disabled={!changed || update.isPending}>
          Save the changes
        </button>
        <button type="button" className="button button-secondary" onClick={onClose}>
          {changed ? 'Close without saving' : 'Close'}
        </button>
        <p role="status" className="training-set-meta">
          {saved && !changed ? 'Saved.' : ''}
        </p>
        <TrainingSetDelete set={set} />
      </div>
    </form>
  );
}
