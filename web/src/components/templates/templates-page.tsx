import type { Template, TemplateDraft } from '@brandgen/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError } from '../../api/api-error.ts';
import { templatesKey } from '../../api/query-keys.ts';
import { deleteTemplate, listTemplates, saveTemplate } from '../../api/templates.ts';
import { TemplateForm } from './template-form.tsx';
import { TemplateUse } from './template-use.tsx';
import './templates.css';
import { useModelCatalog } from '../../hooks/use-model-catalog.ts';

/** Saved parameter sets: create, edit, delete, and apply one to the Generate form. */
export function TemplatesPage() {
  const queryClient = useQueryClient();
  const templates = useQuery({ queryKey: templatesKey, queryFn: ({ signal }) => listTemplates(signal) });
  const catalog = useModelCatalog();
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const [using, setUsing] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: ({ draft, id }: { draft: TemplateDraft; id?: string }) => saveTemplate(draft, id),
    onSuccess: () => {
      setEditing(null);
      void queryClient.invalidateQueries({ queryKey: templatesKey });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => deleteTemplate(id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: templatesKey }),
  });

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
          onSave={(draft) => save.mutate({ draft, ...(editing !== 'new' && { id: editing.id }) })}
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
            <p className="template-meta">
              {[
                template.model && `Model: ${template.model}`,
                template.asset_type && `Asset type: ${template.asset_type}`,
                template.preset && `Preset: ${template.preset}`,
                Object.keys(template.lora_overrides).length > 0 &&
                  `LoRA: ${Object.entries(template.lora_overrides)
                    .map(([name, weight]) => `${name} ${weight}`)
                    .join(', ')}`,
              ]
                .filter(Boolean)
                .join(' · ') || 'Default settings'}
            </p>
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
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  if (window.confirm(`Delete the template “${template.name}”?`)) remove.mutate(template.id);
                }}
              >
                Delete
              </button>
            </div>
            {using === template.id && <TemplateUse template={template} />}
          </li>
        ))}
      </ul>
    </main>
  );
}
