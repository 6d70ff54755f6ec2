import { useEffect, useRef, useState, type FormEvent } from 'react';
import { describeError, fieldMessages } from '../../../api/api-error.ts';
import { FileDrop } from '../../../ui/file-drop.tsx';
import { FormField } from '../../../ui/form-field.tsx';
import { useCreateTrainingSet } from '../api/create-training-set.ts';
import { TrainingKindField } from './training-kind-field.tsx';

const MIN_PICTURES = 10;
const MAX_PICTURES = 50;

interface Picture {
  file: File;
  preview: string;
  caption: string;
}

/** A new set: 10–50 pictures dropped or chosen, a caption each (the trigger word when left empty), a trigger word and a kind. */
export function NewTrainingSet({ brandId, onCreated }: { brandId: string; onCreated: (setId: string) => void }) {
  const create = useCreateTrainingSet();
  const [pictures, setPictures] = useState<Picture[]>([]);
  const [triggerWord, setTriggerWord] = useState('');
  const [kind, setKind] = useState<'style' | 'subject'>('style');
  // Previews live as long as the form: released when it goes, and one by one as pictures are removed.
  const shown = useRef<Picture[]>([]);
  shown.current = pictures;
  useEffect(() => () => shown.current.forEach((picture) => URL.revokeObjectURL(picture.preview)), []);
  const add = (files: File[]) =>
    setPictures((current) =>
      [...current, ...files.map((file) => ({ file, preview: URL.createObjectURL(file), caption: '' }))].slice(0, MAX_PICTURES),
    );
  const setCaption = (index: number, caption: string) =>
    setPictures((current) => current.map((picture, at) => (at === index ? { ...picture, caption } : picture)));
  const remove = (index: number) => {
    const gone = pictures[index];
    if (gone) URL.revokeObjectURL(gone.preview);
    setPictures((current) => current.filter((_, at) => at !== index));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { brandId, triggerWord, kind, pictures: pictures.map(({ file, caption }) => ({ file, caption })) };
    create.mutate(body, {
      onSuccess: (set) => {
        pictures.forEach((picture) => URL.revokeObjectURL(picture.preview));
        setPictures([]);
        onCreated(set.id);
      },
    });
  };
  const count = pictures.length;
  return (
    <form className="training-new-set" onSubmit={submit} aria-labelledby="new-training-set-title" noValidate>
      <h3 id="new-training-set-title">New training set</h3>
      <FileDrop
        label="Choose pictures"
        accept="image/png,image/jpeg,image/webp"
        multiple
        busy={create.isPending}
        busyLabel="Uploading the pictures…"
        onFiles={add}
        hint={`Or drop them here: ${MIN_PICTURES} to ${MAX_PICTURES} PNG, JPEG or WebP pictures of the brand's look or of one product. Brandgen removes their metadata and flags near-duplicates and pictures under 512 px.`}
      />
      <p className="training-count" role="status">
        {count === 0
          ? 'No pictures chosen yet.'
          : `${count} picture${count === 1 ? '' : 's'} chosen${count < MIN_PICTURES ? `: add ${MIN_PICTURES - count} more to train` : ''}.`}
      </p>
      {count > 0 && (
        <ul className="training-picture-list">
          {pictures.map((picture, index) => (
            <li key={picture.preview} className="training-picture">
              <img src={picture.preview} alt={picture.file.name} />
              <FormField label={`Caption for ${picture.file.name}`} className="training-caption">
                {(control) => (
                  <input
                    {...control}
                    value={picture.caption}
                    placeholder={triggerWord || 'the trigger word'}
                    onChange={(event) => setCaption(index, event.target.value)}
                  />
                )}
              </FormField>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => remove(index)}
                aria-label={`Remove ${picture.file.name}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="training-set-fields">
        <FormField
          label="Trigger word"
          hint="The word that calls the trained look up in a prompt; empty captions become it."
          errors={fieldMessages(create.error, 'trigger_word')}
        >
          {(control) => <input {...control} value={triggerWord} maxLength={40} onChange={(event) => setTriggerWord(event.target.value)} />}
        </FormField>
        <TrainingKindField value={kind} errors={fieldMessages(create.error, 'kind')} onChange={setKind} />
      </div>
      {create.isError && (
        <p className="field-error" role="alert">
          {describeError(create.error)}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={create.isPending || count === 0}>
        Save the set
      </button>
    </form>
  );
}
