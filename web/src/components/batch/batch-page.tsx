import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { BrandgenApiError, type BatchInput } from '@brandgen/client';
import { describeError } from '../../api/api-error.ts';
import { createBatch } from '../../api/batches.ts';
import { useTemplates } from '../../features/templates/api/list-templates.ts';
import { BatchProgress } from './batch-progress.tsx';
import './batch.css';
import { Select } from '../../ui/select.tsx';

/** "rows.1.place" → "Row 2, place"; "prompts.0" → "Prompt 1". */
function describeField(field: string): string {
  const [kind, index, name] = field.split('.');
  if (kind === 'rows' && index !== undefined) return `Row ${Number(index) + 1}${name ? `, ${name}` : ''}`;
  if (kind === 'prompts' && index !== undefined) return `Prompt ${Number(index) + 1}`;
  return field;
}

/** Start many jobs at once, from a list of prompts or a template and CSV rows, then follow them as one. */
export function BatchPage() {
  const id = useId();
  const [searchParams, setSearchParams] = useSearchParams();
  const batchId = searchParams.get('batch');
  const [source, setSource] = useState<'prompts' | 'template'>('prompts');
  const [prompts, setPrompts] = useState('');
  const [templateId, setTemplateId] = useState('');
  const [csv, setCsv] = useState('');
  const templates = useTemplates();
  const start = useMutation({
    mutationFn: (input: BatchInput) => createBatch(input),
    onSuccess: (batch) => setSearchParams({ batch: batch.id }),
  });
  const chosen = templates.data?.find((template) => template.id === templateId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (source === 'prompts') start.mutate({ prompts: prompts.split('\n') });
    else start.mutate({ template_id: templateId, csv });
  };

  return (
    <main className="page batch-page">
      <h1>Batch</h1>
      <form className="batch-form" onSubmit={submit} noValidate>
        <fieldset className="batch-source">
          <legend>Make the prompts from</legend>
          <label>
            <input type="radio" name="source" checked={source === 'prompts'} onChange={() => setSource('prompts')} /> A list of prompts
          </label>
          <label>
            <input type="radio" name="source" checked={source === 'template'} onChange={() => setSource('template')} /> A template and CSV
            rows
          </label>
        </fieldset>
        {source === 'prompts' ? (
          <div className="template-field">
            <label htmlFor={`${id}-prompts`}>Prompts, one per line</label>
            <textarea id={`${id}-prompts`} rows={6} value={prompts} onChange={(event) => setPrompts(event.target.value)} />
          </div>
        ) : (
          <>
            <div className="template-field">
              <label htmlFor={`${id}-template`}>Template</label>
              <Select id={`${id}-template`} value={templateId} onChange={(event) => setTemplateId(event.target.value)}>
                <option value="">Choose a template</option>
                {templates.data?.map((template) => (
                  <option key={template.id} value={template.id}>
                    {template.name}
                  </option>
                ))}
              </Select>
            </div>
            <div className="template-field">
              <label htmlFor={`${id}-csv`}>CSV rows</label>
              <textarea
                id={`${id}-csv`}
                rows={6}
                value={csv}
                onChange={(event) => setCsv(event.target.value)}
                placeholder={chosen ? `${chosen.placeholders.join(',')}\n…` : 'Choose a template first'}
                aria-describedby={`${id}-csv-hint`}
              />
              <p id={`${id}-csv-hint`} className="template-hint">
                {chosen
                  ? `First row: ${chosen.placeholders.join(', ') || '(no placeholders)'}. Then one row per set of four images.`
                  : 'The first row names the placeholders; each following row makes one set of four images.'}
              </p>
            </div>
          </>
        )}
        {start.isError && (
          <div className="field-error" role="alert">
            <p>{describeError(start.error)}</p>
            {start.error instanceof BrandgenApiError && start.error.fields.length > 0 && (
              <ul>
                {start.error.fields.map((field) => (
                  <li key={field.field}>
                    {describeField(field.field)}: {field.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <button type="submit" className="button button-primary" disabled={start.isPending}>
          {start.isPending ? 'Starting…' : 'Start batch'}
        </button>
      </form>
      {batchId && <BatchProgress key={batchId} batchId={batchId} />}
    </main>
  );
}
