import { useState } from 'react';
import { useTemplates } from '../../templates/api/list-templates.ts';
import { FileDrop } from '../../../ui/file-drop.tsx';
import { FormField } from '../../../ui/form-field.tsx';
import { Select } from '../../../ui/select.tsx';

/** The server refuses longer CSV text; said here, before anything is sent. */
const MAX_CSV_CHARACTERS = 60_000;

export interface CsvChoice {
  templateId: string;
  csv: string;
}

interface CsvSourceProps {
  value: CsvChoice;
  onChange: (value: CsvChoice) => void;
  /** Marks the CSV rows as the field in error. */
  invalid: boolean;
}

function rowCount(text: string): number {
  return Math.max(text.split(/\r?\n/).filter((line) => line.trim()).length - 1, 0);
}

/** A template and its rows: chosen or dropped as a .csv file, or pasted; the file's text shows for checking. */
export function CsvSource({ value, onChange, invalid }: CsvSourceProps) {
  const templates = useTemplates();
  const [fileNote, setFileNote] = useState('');
  const chosen = templates.data?.find((template) => template.id === value.templateId);
  const placeholders = chosen?.placeholders ?? [];
  const readFile = async (file: File) => {
    const text = await file.text();
    if (text.length > MAX_CSV_CHARACTERS) {
      setFileNote(`${file.name} is too long: keep the CSV under ${MAX_CSV_CHARACTERS.toLocaleString('en')} characters.`);
      return;
    }
    onChange({ ...value, csv: text });
    const rows = rowCount(text);
    setFileNote(`Read ${file.name}: ${rows} ${rows === 1 ? 'row' : 'rows'} after the first.`);
  };
  return (
    <>
      <FormField
        label="Template"
        hint={templates.data?.length === 0 ? 'Save a template with {placeholders} on the Templates page first.' : undefined}
      >
        {(control) => (
          <Select {...control} value={value.templateId} onChange={(event) => onChange({ ...value, templateId: event.target.value })}>
            <option value="">Choose a template</option>
            {templates.data?.map((template) => (
              <option key={template.id} value={template.id}>
                {template.name}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FileDrop
        label="Choose a CSV file"
        accept=".csv,text/csv,text/plain"
        hint="Or drop a .csv file here. Its rows appear below, where you can check them before starting."
        onFile={(file) => void readFile(file)}
        status={fileNote}
      />
      <FormField
        label="CSV rows"
        hint={
          chosen
            ? `First row: ${placeholders.join(', ') || '(no placeholders)'}. Then one row per set of four images.`
            : 'The first row names the placeholders; each following row makes one set of four images.'
        }
      >
        {(control) => (
          <textarea
            {...control}
            rows={5}
            value={value.csv}
            onChange={(event) => onChange({ ...value, csv: event.target.value })}
            placeholder={chosen ? `${placeholders.join(',')}\n…` : 'Choose a template first'}
            {...(invalid && { 'aria-invalid': true })}
          />
        )}
      </FormField>
    </>
  );
}
