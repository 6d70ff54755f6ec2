import type { Lora } from '@brandgen/client';
import { useState } from 'react';
import type { AssetType } from '../../../../../server/src/domain/asset-types.ts';
import { DESCRIPTION_PLACEHOLDER } from '../../../../../server/src/domain/brand-kit-formats.ts';
import type { ErrorsFor } from '../field-errors.ts';
import type { AssetTypeDraft } from '../kit-draft.ts';
import { KitTextField } from './kit-text-field.tsx';
import { LoraEditor } from './lora-editor.tsx';

interface AssetTypeEditorProps {
  type: AssetType;
  settings: AssetTypeDraft;
  library: readonly Lora[];
  readOnly: boolean;
  errorsFor: ErrorsFor;
  onChange: (settings: AssetTypeDraft) => void;
}

/** One asset type's settings, folded away until opened; it opens by itself when one of its fields has a problem. */
export function AssetTypeEditor({ type, settings, library, readOnly, errorsFor, onChange }: AssetTypeEditorProps) {
  const field = `asset_types.${type}`;
  const set = (change: Partial<AssetTypeDraft>) => onChange({ ...settings, ...change });
  const hasErrors = errorsFor(field, { under: true }).length > 0;
  const [open, setOpen] = useState(false);
  // Opened for a problem, it stays open once the problem is fixed, so the fix can be checked.
  if (hasErrors && !open) setOpen(true);
  const text = (key: Exclude<keyof AssetTypeDraft, 'loras'>, label: string, hint?: string, rows?: number) => (
    <KitTextField
      {...{ label, hint, rows, readOnly, errorsFor }}
      field={`${field}.${key}`}
      value={settings[key]}
      onChange={(value) => set({ [key]: value })}
    />
  );
  return (
    <details className="brands-asset-type" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        <span className="brands-asset-type-name">{settings.label || type}</span>
        <span className="brands-asset-type-facts">
          {settings.size} · {settings.aspect_ratio}
        </span>
      </summary>
      <div className="brands-asset-type-body">
        {text(
          'prompt_template',
          'Prompt template',
          `${DESCRIPTION_PLACEHOLDER} stands for what the person asks for; the trigger word comes before it and the style suffix after.`,
          2,
        )}
        <div className="brands-field-row">
          {text('label', 'Display name')}
          {text('size', 'Size', 'WIDTHxHEIGHT, like 1024x1024')}
          {text('aspect_ratio', 'Aspect ratio', 'Like 16:9')}
        </div>
        {text('negative_prompt', 'Negative prompt', 'Added to the brand’s own negative prompt.', 2)}
        <LoraEditor
          legend={`${settings.label || type} LoRAs`}
          field={`${field}.lora_by_family`}
          rows={settings.loras}
          library={library}
          readOnly={readOnly}
          errorsFor={errorsFor}
          hint="For this asset type only; a family without one here uses the brand’s LoRA."
          onChange={(loras) => set({ loras })}
        />
      </div>
    </details>
  );
}
