import type { Brand } from '@brandgen/client';
import { useMemo, useRef, useState, type FocusEvent, type FormEvent } from 'react';
import { ASSET_TYPES } from '../../../../../server/src/domain/asset-types.ts';
import { useBrandLoras } from '../api/list-loras.ts';
import { useUpdateBrand } from '../api/update-brand.ts';
import { fieldErrorLookup, unplacedMessage } from '../field-errors.ts';
import { kitChanges } from '../kit-diff.ts';
import { draftOf, draftProblems, kitOf, type KitDraft } from '../kit-draft.ts';
import { useUnsavedChanges } from '../use-unsaved-changes.ts';
import { AssetTypeEditor } from './asset-type-editor.tsx';
import { BrandRulesEditor } from './brand-rules-editor.tsx';
import { KitTextField } from './kit-text-field.tsx';
import { LoraEditor } from './lora-editor.tsx';
import { PaletteEditor } from './palette-editor.tsx';
import { PromptPreview } from './prompt-preview.tsx';

const LORA_HINT =
  'One per model family (flux, hidream, sd35), picked from the brand’s LoRA library above. ' +
  'An asset type’s own LoRA for a family replaces this one.';

interface BrandEditorProps {
  brand: Brand;
  readOnly: boolean;
  /** Told whether the editor holds changes not saved yet, so the page can ask before another brand replaces them. */
  onUnsavedChange: (unsaved: boolean) => void;
}

/** The kit of one brand, edited as a whole and saved as a new version; read-only for those who may not change it. */
export function BrandEditor({ brand, readOnly, onUnsavedChange }: BrandEditorProps) {
  const update = useUpdateBrand();
  const library = useBrandLoras(brand.id).data ?? [];
  const [draft, setDraft] = useState<KitDraft>(() => draftOf(brand.kit));
  const [left, setLeft] = useState<ReadonlySet<string>>(new Set());
  const [triedSaving, setTriedSaving] = useState(false);
  // A new version (this save, a restore) starts the draft afresh from it; the preview keeps its sample text.
  const [shownVersion, setShownVersion] = useState(brand.version);
  if (brand.version !== shownVersion) {
    setShownVersion(brand.version);
    setDraft(draftOf(brand.kit));
    setLeft(new Set());
    setTriedSaving(false);
  }
  const form = useRef<HTMLFormElement>(null);
  const kit = useMemo(() => kitOf(draft), [draft]);
  const problems = useMemo(() => draftProblems(draft), [draft]);
  const unsaved = useMemo(() => !readOnly && kitChanges(brand.kit, kit).length > 0, [readOnly, brand.kit, kit]);
  useUnsavedChanges(unsaved, onUnsavedChange);
  const errorsFor = fieldErrorLookup(update.error, problems, (field) => triedSaving || left.has(field));
  const general = unplacedMessage(update.error, draft);
  const edit = (change: Partial<KitDraft>) => setDraft((current) => ({ ...current, ...change }));

  const leave = (event: FocusEvent<HTMLFormElement>) => {
    const field = (event.target as HTMLElement).dataset.field;
    if (field && !left.has(field)) setLeft(new Set([...left, field]));
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    setTriedSaving(true);
    if (problems.length > 0) {
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    update.mutate({ brandId: brand.id, kit });
  };
  const text = (key: 'name' | 'style_suffix' | 'negative_prompt' | 'trigger_word', label: string, hint?: string, rows?: number) => (
    <KitTextField
      {...{ label, hint, rows, readOnly, errorsFor }}
      field={key === 'trigger_word' ? 'lora.trigger_word' : key}
      value={draft[key]}
      onChange={(value) => edit({ [key]: value })}
    />
  );

  return (
    <div className="brands-workspace">
      <form ref={form} className="brands-editor" onSubmit={save} onBlur={leave} aria-label={`Brand kit of ${brand.name}`} noValidate>
        <section className="brands-panel" aria-labelledby="kit-basics-title">
          <h2 id="kit-basics-title">Name and colours</h2>
          {text('name', 'Name')}
          <PaletteEditor palette={draft.palette} readOnly={readOnly} errorsFor={errorsFor} onChange={(palette) => edit({ palette })} />
        </section>
        <section className="brands-panel" aria-labelledby="kit-prompt-title">
          <h2 id="kit-prompt-title">Every prompt</h2>
          {text('trigger_word', 'LoRA trigger word', 'Starts every prompt: the word the brand’s LoRAs were trained with.')}
          {text('style_suffix', 'Style suffix', 'Ends every prompt.', 2)}
          {text('negative_prompt', 'Negative prompt', 'What no image should show, for models that take a negative prompt.', 2)}
          <LoraEditor
            legend="Brand LoRAs"
            field="lora.by_family"
            rows={draft.loras}
            library={library}
            readOnly={readOnly}
            errorsFor={errorsFor}
            hint={LORA_HINT}
            onChange={(loras) => edit({ loras })}
          />
        </section>
        <section className="brands-panel" aria-labelledby="kit-rules-title">
          <h2 id="kit-rules-title">Dos and don’ts</h2>
          <BrandRulesEditor dos={draft.dos} donts={draft.donts} readOnly={readOnly} errorsFor={errorsFor} onChange={edit} />
        </section>
        <section className="brands-panel" aria-labelledby="kit-asset-types-title">
          <h2 id="kit-asset-types-title">Asset types</h2>
          {ASSET_TYPES.map((type) => (
            <AssetTypeEditor
              key={type}
              type={type}
              settings={draft.asset_types[type]}
              library={library}
              readOnly={readOnly}
              errorsFor={errorsFor}
              onChange={(settings) => edit({ asset_types: { ...draft.asset_types, [type]: settings } })}
            />
          ))}
        </section>
        {!readOnly && (
          <div className="brands-save-bar" data-unsaved={unsaved || undefined}>
            <button type="submit" className="button button-primary" disabled={update.isPending || !unsaved}>
              {update.isPending ? 'Saving…' : `Save as version ${brand.version + 1}`}
            </button>
            <button type="button" className="button button-secondary" disabled={!unsaved} onClick={() => setDraft(draftOf(brand.kit))}>
              Undo changes
            </button>
            <span className="brands-save-note" role="status">
              {unsaved ? 'Unsaved changes.' : `Version ${brand.version} is saved.`}
            </span>
            {general && (
              <p className="field-error brands-save-error" role="alert">
                {general}
              </p>
            )}
          </div>
        )}
      </form>
      <aside className="brands-aside">
        <PromptPreview kit={kit} />
      </aside>
    </div>
  );
}
