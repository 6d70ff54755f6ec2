import { useId, useState, type FormEvent } from 'react';
import { describeError, fieldMessages } from '../../../api/api-error.ts';
import { Select } from '../../../ui/select.tsx';
import type { Model, Template, TemplateDraft } from '@brandgen/client';
import { formatLoraOverrides, parseLoraOverrides } from './lora-overrides.ts';

/** A choice the catalog offers (GET /api/models): an asset type or a quality preset. */
interface Choice {
  id: string;
  label: string;
}

interface TemplateFormProps {
  template: Template | null;
  models: Model[];
  assetTypes: Choice[];
  presets: Choice[];
  saving: boolean;
  error: unknown;
  onSave: (draft: TemplateDraft) => void;
  onCancel: () => void;
}

/** Create or edit a template: its prompt with {placeholders} and the settings it generates with. */
export function TemplateForm({ template, models, assetTypes, presets, saving, error, onSave, onCancel }: TemplateFormProps) {
  const id = useId();
  const [name, setName] = useState(template?.name ?? '');
  const [prompt, setPrompt] = useState(template?.prompt ?? '');
  const [assetType, setAssetType] = useState(template?.asset_type ?? '');
  const [model, setModel] = useState(template?.model ?? '');
  const [preset, setPreset] = useState(template?.preset ?? '');
  const [loras, setLoras] = useState(formatLoraOverrides(template?.lora_overrides ?? {}));
  const [loraError, setLoraError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseLoraOverrides(loras);
    if (!parsed.ok) return setLoraError(parsed.message);
    setLoraError(null);
    onSave({
      name,
      prompt,
      // The selects offer only the catalog's ids, which is what the draft's types name.
      asset_type: (assetType || null) as TemplateDraft['asset_type'],
      model: model || null,
      preset: (preset || null) as TemplateDraft['preset'],
      lora_overrides: parsed.overrides,
    });
  };

  const errorsOf = (field: string) => fieldMessages(error, field);
  const general =
    error && !['name', 'prompt', 'model', 'asset_type', 'preset'].some((key) => errorsOf(key).length) ? describeError(error) : null;
  const fieldErrors = (key: string) =>
    errorsOf(key).map((message) => (
      <p key={message} className="field-error">
        {message}
      </p>
    ));
  const field = (label: string, key: string, value: string, set: (value: string) => void, hint?: string) => (
    <div className="template-field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        value={value}
        onChange={(event) => set(event.target.value)}
        maxLength={100}
        aria-describedby={hint ? `${id}-${key}-hint` : undefined}
      />
      {hint && (
        <p id={`${id}-${key}-hint`} className="template-hint">
          {hint}
        </p>
      )}
      {fieldErrors(key)}
    </div>
  );

  // Only the catalog's choices (GET /api/models), so nothing the server would refuse can be picked; a saved value this
  // installation no longer offers stays visible as such instead of silently showing another.
  const choice = (label: string, key: string, value: string, set: (value: string) => void, choices: Choice[], none: string) => (
    <div className="template-field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <Select
        id={`${id}-${key}`}
        value={value}
        onChange={(event) => set(event.target.value)}
        aria-invalid={errorsOf(key).length > 0 || undefined}
      >
        <option value="">{none}</option>
        {value !== '' && !choices.some((entry) => entry.id === value) && <option value={value}>{value} (not offered here)</option>}
        {choices.map((entry) => (
          <option key={entry.id} value={entry.id}>
            {entry.label}
          </option>
        ))}
      </Select>
      {fieldErrors(key)}
    </div>
  );

  return (
    <form className="template-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{template ? `Edit “${template.name}”` : 'New template'}</h2>
      {field('Name', 'name', name, setName)}
      <div className="template-field">
        <label htmlFor={`${id}-prompt`}>Prompt</label>
        <textarea
          id={`${id}-prompt`}
          rows={3}
          value={prompt}
          onChange={(event) => setPrompt(event.target.value)}
          aria-describedby={`${id}-prompt-hint`}
        />
        <p id={`${id}-prompt-hint`} className="template-hint">
          Put values that change in braces, e.g. “a {'{product}'} on a {'{surface}'}”.
        </p>
        {fieldErrors('prompt')}
      </div>
      {choice('Model', 'model', model, setModel, models, 'The default model')}
      {choice('Asset type', 'asset_type', assetType, setAssetType, assetTypes, 'None (the default)')}
      {choice('Quality preset', 'preset', preset, setPreset, presets, 'None (the default)')}
      <div className="template-field">
        <label htmlFor={`${id}-loras`}>LoRA weights</label>
        <input id={`${id}-loras`} value={loras} onChange={(event) => setLoras(event.target.value)} aria-describedby={`${id}-loras-hint`} />
        <p id={`${id}-loras-hint`} className="template-hint">
          Optional: name=weight pairs separated by commas, each weight from -2 to 2.
        </p>
        {loraError && <p className="field-error">{loraError}</p>}
      </div>
      {general && (
        <p className="field-error" role="alert">
          {general}
        </p>
      )}
      <div className="template-actions">
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save template'}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
