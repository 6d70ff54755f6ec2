import type { Template } from '@brandgen/client';
import { useState } from 'react';
import { describeError } from '../../../api/api-error.ts';
import { useModelCatalog } from '../../models/api/get-model-catalog.ts';
import { ConfirmAction } from '../../../ui/confirm-action.tsx';
import { useDeleteTemplate } from '../api/delete-template.ts';
import { useTemplates } from '../api/list-templates.ts';
import { useSaveTemplate } from '../api/save-template.ts';
import { TemplateForm } from './template-form.tsx';
import { TemplateUse } from './template-use.tsx';
import { describeTemplateSettings } from './template-settings.ts';
import './templates.css';

/** Saved parameter sets: create, edit, delete, and apply one to the Generate form. */
export function TemplatesPage() {
  const templates = useTemplates();
  const catalog = useModelCatalog();
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const [using, setUsing] = useState<string | null>(null);
  const save = useSaveTemplate();
  const remove = useDeleteTemplate();

  return (
    <main className="page templates-page">
      <div className="templates-header">
        <h1>Templates</h1>
        <button
          type="button"
          className="button button-primary"
          onClick={() => {
            save.reset();
            setEditing('new');
          }}
        >
          New template
        </button>
      </div>
      <p className="templates-intro">
        Save a prompt with {'{placeholders}'} and its settings, then fill it in whenever you need a new set.
      </p>

      {editing !== null && (
        <TemplateForm
          key={editing === 'new' ? 'new' : editing.id}
          template={editing === 'new' ? null : editing}
          models={catalog.data?.models ?? []}
          assetTypes={catalog.data?.asset_types ?? []}
          presets={catalog.data?.presets ?? []}
          saving={save.isPending}
          error={save.error}
          onSave={(draft) => save.mutate({ draft, ...(editing !== 'new' && { id: editing.id }) }, { onSuccess: () => setEditing(null) })}
          onCancel={() => setEditing(null)}
        />
      )}

      {templates.isError && <p className="field-error">Templates could not be loaded. {describeError(templates.error)}</p>}
      {remove.isError && <p className="field-error">{describeError(remove.error)}</p>}
      {templates.isSuccess && templates.data.length === 0 && editing === null && (
        <div className="empty-state">
          <p className="empty-state-title">No templates yet</p>
          <p>Press New template to save your first one.</p>
        </div>
      )}
      <ul className="template-list">
        {templates.data?.map((template) => (
          <li key={template.id} className="template-card">
            <h2 className="template-name">{template.name}</h2>
            <p className="template-prompt">{template.prompt}</p>
            <p className="template-meta">{describeTemplateSettings(template, catalog.data)}</p>
            <div className="template-actions">
              <button
                type="button"
                className="button button-primary"
                aria-expanded={using === template.id}
                onClick={() => setUsing(using === template.id ? null : template.id)}
              >
                Use
              </button>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  save.reset();
                  setEditing(template);
                }}
              >
                Edit
              </button>
              <ConfirmAction
                label="Delete"
                accessibleLabel={`Delete ${template.name}`}
                question={`Delete the template “${template.name}”? Images made with it stay.`}
                confirmLabel="Delete template"
                pending={remove.isPending}
                onConfirm={(done) => remove.mutate(template.id, { onSuccess: done })}
              />
            </div>
            {using === template.id && <TemplateUse template={template} />}
          </li>
        ))}
      </ul>
    </main>
  );
}
