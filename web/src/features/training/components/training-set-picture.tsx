import type { TrainingSet, TrainingSetImage } from '@brandgen/client';
import { describeError } from '../../../api/api-error.ts';
import { FormField } from '../../../ui/form-field.tsx';
import { useRemoveTrainingImage } from '../api/remove-training-image.ts';

/** The flags a picture carries, in the words shown at creation. */
export function pictureFlags(set: TrainingSet, image: TrainingSetImage): string[] {
  const twin = set.images.find((candidate) => candidate.id === image.near_duplicate_of);
  return [
    image.near_duplicate_of !== null && `Nearly repeats ${twin?.file_name ?? 'another picture'}`,
    image.small && 'Under 512 px on the short side',
  ].filter((flag): flag is string => typeof flag === 'string');
}

interface TrainingSetPictureProps {
  set: TrainingSet;
  image: TrainingSetImage;
  caption: string;
  placeholder: string;
  errors: string[];
  onCaption: (caption: string) => void;
}

/** One saved picture in the editor: its caption to change, its flags, and a button that removes it at once. */
export function TrainingSetPicture({ set, image, caption, placeholder, errors, onCaption }: TrainingSetPictureProps) {
  const remove = useRemoveTrainingImage();
  const flags = pictureFlags(set, image);
  return (
    <li className={['training-picture', flags.length > 0 && 'training-thumbnail-flagged'].filter(Boolean).join(' ')}>
      <img src={image.url} alt={image.file_name} />
      <FormField label={`Caption for ${image.file_name}`} className="training-caption" errors={errors}>
        {(control) => <input {...control} value={caption} placeholder={placeholder} onChange={(event) => onCaption(event.target.value)} />}
      </FormField>
      {flags.length > 0 && <p className="training-problem training-picture-flags">{flags.join('. ')}.</p>}
      <button
        type="button"
        className="button button-secondary"
        disabled={remove.isPending}
        onClick={() => remove.mutate({ brandId: set.brand_id, setId: set.id, imageId: image.id })}
        aria-label={`Remove ${image.file_name}`}
      >
        {remove.isPending ? 'Removing…' : 'Remove'}
      </button>
      {remove.isError && (
        <p className="field-error training-picture-flags" role="alert">
          {describeError(remove.error)}
        </p>
      )}
    </li>
  );
}
