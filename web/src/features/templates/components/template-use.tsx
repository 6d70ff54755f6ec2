import type { Template } from '@brandgen/client';
import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from '../../../app/router.tsx';
import { describeError, fieldMessages } from '../../../api/api-error.ts';
import { recallSearch } from '../../generate/recall-settings.ts';
import { useApplyTemplate } from '../api/apply-template.ts';

/**
 * Asks for each placeholder's value, then fills the Generate form with the template's settings; the Generate page's
 * note names the template and says which settings it applied (and which this installation no longer offers).
 */
export function TemplateUse({ template }: { template: Template }) {
  const id = useId();
  const navigate = useNavigate();
  const [values, setValues] = useState<Record<string, string>>({});
  const apply = useApplyTemplate(template.id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply.mutate(values, {
      onSuccess: (applied) =>
        void navigate({
          pathname: '/',
          search: recallSearch({
            prompt: applied.prompt,
            ...(applied.model && { model: applied.model }),
            ...(applied.asset_type && { assetType: applied.asset_type }),
            ...(applied.preset && { preset: applied.preset }),
            template: template.name,
          }),
        }),
    });
  };
  return (
    <form className="template-use" onSubmit={submit} aria-label={`Use ${template.name}`} noValidate>
      {template.placeholders.map((name) => (
        <div key={name} className="template-field">
          <label htmlFor={`${id}-${name}`}>{name}</label>
          <input
            id={`${id}-${name}`}
            value={values[name] ?? ''}
            maxLength={300}
            onChange={(event) => setValues((current) => ({ ...current, [name]: event.target.value }))}
          />
          {fieldMessages(apply.error, `values.${name}`).map((message) => (
            <p key={message} className="field-error">
              {message}
            </p>
          ))}
        </div>
      ))}
      {apply.isError && !template.placeholders.some((name) => fieldMessages(apply.error, `values.${name}`).length > 0) && (
        <p className="field-error" role="alert">
          {describeError(apply.error)}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={apply.isPending}>
        Fill the Generate form
      </button>
    </form>
  );
}
