import { BrandgenApiError, type BatchInput } from '@brandgen/client';
import { useState, type FormEvent } from 'react';
import { FormField } from '../../../ui/form-field.tsx';
import { SegmentedControl } from '../../../ui/segmented-control.tsx';
import { useCreateBatch } from '../api/create-batch.ts';
import { BatchErrors } from './batch-errors.tsx';
import { CsvSource, type CsvChoice } from './csv-source.tsx';

type Source = 'prompts' | 'template';

const SOURCES = [
  { value: 'prompts', label: 'A list of prompts' },
  { value: 'template', label: 'A template and CSV rows' },
] as const;

/** Which of the two fields the server's error is about, to mark it. */
function invalidField(error: unknown): 'prompts' | 'csv' | null {
  if (!(error instanceof BrandgenApiError)) return null;
  if (error.fields.some((field) => field.field === 'csv' || field.field.startsWith('rows'))) return 'csv';
  if (error.fields.some((field) => field.field.startsWith('prompts'))) return 'prompts';
  return null;
}

/** Start many sets at once: from prompts, one per line, or from a template filled with CSV rows. */
export function NewBatchForm() {
  const [source, setSource] = useState<Source>('prompts');
  const [prompts, setPrompts] = useState('');
  const [csv, setCsv] = useState<CsvChoice>({ templateId: '', csv: '' });
  const [localProblem, setLocalProblem] = useState<string | null>(null);
  const start = useCreateBatch();
  const invalid = localProblem ? null : invalidField(start.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.reset();
    if (source === 'template' && !csv.templateId) return setLocalProblem('Choose the template the CSV rows fill in.');
    setLocalProblem(null);
    const input: BatchInput = source === 'prompts' ? { prompts: prompts.split('\n') } : { template_id: csv.templateId, csv: csv.csv };
    start.mutate(input);
  };

  return (
    <form className="card batch-form" onSubmit={submit} noValidate aria-labelledby="new-batch-title">
      <h2 id="new-batch-title">New batch</h2>
      <SegmentedControl
        label="Make the prompts from"
        options={SOURCES}
        value={source}
        onChange={(next) => {
          setSource(next);
          setLocalProblem(null);
          start.reset();
        }}
      />
      {source === 'prompts' ? (
        <FormField label="Prompts, one per line" hint="Each line makes one set of four images; blank lines are skipped.">
          {(control) => (
            <textarea
              {...control}
              rows={6}
              value={prompts}
              onChange={(event) => setPrompts(event.target.value)}
              {...(invalid === 'prompts' && { 'aria-invalid': true })}
            />
          )}
        </FormField>
      ) : (
        <CsvSource value={csv} onChange={setCsv} invalid={invalid === 'csv'} />
      )}
      {localProblem && <BatchErrors error={localProblem} />}
      {start.isError && <BatchErrors error={start.error} />}
      <div>
        <button type="submit" className="button button-primary" disabled={start.isPending}>
          {start.isPending ? 'Starting…' : 'Start batch'}
        </button>
      </div>
    </form>
  );
}
