import type { Brand } from '@brandgen/client';
import { useState } from 'react';
import { useSearchParams } from '../../../app/router.tsx';
import { describeError } from '../../../api/api-error.ts';
import { useAllBrands } from '../api/list-brands.ts';
import { useCanEditBrands } from '../use-can-edit-brands.ts';
import { BrandEditor } from './brand-editor.tsx';
import { BrandList } from './brand-list.tsx';
import { DeleteBrand } from './delete-brand.tsx';
import { ImportBrand } from './import-brand.tsx';
import { LoraLibrary } from './lora-library.tsx';
import { NewBrandForm } from './new-brand-form.tsx';
import { UnsavedChangesPrompt } from './unsaved-changes-prompt.tsx';
import { VersionHistory } from './version-history.tsx';
import { TrainingSection } from '../../training/components/training-section.tsx';
import './brands.css';

/** Brand kits: all brands at a glance, and the chosen one's kit, live prompt preview and version history. */
export function BrandsPage() {
  const brands = useAllBrands();
  const canEdit = useCanEditBrands();
  const [search, setSearch] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [unsaved, setUnsaved] = useState(false);
  const [switchingTo, setSwitchingTo] = useState<Brand | null>(null);
  const select = (brandId: string | null) => setSearch(brandId ? { brand: brandId } : {}, { replace: true });
  const selected = brands.data?.find((brand) => brand.id === search.get('brand')) ?? brands.data?.[0];
  const choose = (brandId: string) => {
    if (!unsaved || brandId === selected?.id) return select(brandId);
    setSwitchingTo(brands.data?.find((brand) => brand.id === brandId) ?? null);
  };
  const editable = canEdit && selected?.archived_at === null;
  return (
    <main className="page brands-page">
      <div className="brands-header">
        <h1>Brands</h1>
        {canEdit && (
          <div className="brands-header-actions">
            <ImportBrand
              onImported={(brand) => {
                setNotice(`“${brand.name}” is imported as a new brand.`);
                select(brand.id);
              }}
            />
            {!creating && (
              <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
                New brand
              </button>
            )}
          </div>
        )}
      </div>
      <p className="brands-intro">
        A brand kit frames every prompt: its trigger word and style, its colours, and for each kind of asset a template, size and LoRAs.
        Every save is a new version; jobs keep the version they were made with.
        {!canEdit && ' Only administrators can change brands.'}
      </p>
      {creating && brands.data && (
        <NewBrandForm
          brands={brands.data}
          onCancel={() => setCreating(false)}
          onCreated={(brand) => {
            setCreating(false);
            setNotice(null);
            select(brand.id);
          }}
        />
      )}
      {notice && (
        <p className="brands-notice" role="status">
          {notice}
        </p>
      )}
      {brands.isPending && <p>Loading the brands…</p>}
      {brands.isError && (
        <p className="field-error" role="alert">
          {describeError(brands.error)}
        </p>
      )}
      {brands.data && <BrandList brands={brands.data} selectedId={selected?.id} canEdit={canEdit} onSelect={choose} />}
      {switchingTo && selected && (
        <UnsavedChangesPrompt
          from={selected.name}
          to={switchingTo.name}
          onKeep={() => setSwitchingTo(null)}
          onDiscard={() => {
            setSwitchingTo(null);
            select(switchingTo.id);
          }}
        />
      )}
      {selected && (
        <section className="brands-selected" aria-labelledby="selected-brand-title">
          <div className="brands-selected-header">
            <h2 id="selected-brand-title">
              {selected.name} <span className="brands-version">version {selected.version}</span>
            </h2>
            <a className="button button-secondary" href={`/api/brands/${selected.id}/export`} download>
              Export brand file
            </a>
          </div>
          {selected.archived_at !== null && (
            <p className="brands-notice">Archived: kept for the jobs made with it; it takes no new jobs and no longer changes.</p>
          )}
          <LoraLibrary key={`loras-${selected.id}`} brandId={selected.id} canEdit={editable} />
          <TrainingSection key={`training-${selected.id}`} brand={selected} canEdit={editable} />
          <BrandEditor key={`editor-${selected.id}`} brand={selected} readOnly={!editable} onUnsavedChange={setUnsaved} />
          <VersionHistory key={`history-${selected.id}`} brand={selected} canEdit={editable} />
          {editable && (
            <DeleteBrand
              key={`delete-${selected.id}`}
              brand={selected}
              onGone={(result) => {
                setNotice(result === 'archived' ? `“${selected.name}” is archived.` : `“${selected.name}” is deleted.`);
                select(null);
              }}
            />
          )}
        </section>
      )}
    </main>
  );
}
