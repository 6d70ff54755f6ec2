import { FormField } from '../../../ui/form-field.tsx';
import { Select } from '../../../ui/select.tsx';

export type TrainingKind = 'style' | 'subject';

/** What a set teaches, said the same way when it is made and when it is changed. */
export function TrainingKindField({
  value,
  errors,
  onChange,
}: {
  value: TrainingKind;
  errors: string[];
  onChange: (kind: TrainingKind) => void;
}) {
  return (
    <FormField label="Kind" errors={errors}>
      {(control) => (
        <Select {...control} value={value} onChange={(event) => onChange(event.target.value as TrainingKind)}>
          <option value="style">Style: the brand's look</option>
          <option value="subject">Subject: a product or mascot</option>
        </Select>
      )}
    </FormField>
  );
}
