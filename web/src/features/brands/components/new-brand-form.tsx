import type { Brand } from '@brandgen/client';
import { useState, type FormEvent } from 'react';
import { describeError, fieldMessages } from '../../../api/api-error.ts';
import { FormField } from '../../../ui/form-field.tsx';
import { useCreateBrand, type NewBrandKit } from '../api/create-brand.ts';
import { Select } from '../../../ui/select.tsx';

/** A blank kit's two colours: black and white, which every brand replaces; the server fills in the rest. */
const BLANK_PALETTE = ['#000000', '#FFFFFF'];

interface NewBrandFormProps {
  brands: Brand[];
  onCreated: (brand: Brand) => void;
  onCancel: () => void;
}

/** A new brand, named here and started from a copy of another brand's kit or a blank one; it is edited afterwards. */
export function NewBrandForm({ brands, onCreated, onCancel }: NewBrandFormProps) {
  const create = useCreateBrand();
  const sources = brands.filter((brand) => brand.archived_at === null);
  const [name, setName] = useState('');
  const [from, setFrom] = useState(sources[0]?.id ?? 'blank');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const source = sources.find((brand) => brand.id === from);
    const kit: NewBrandKit = source ? { ...source.kit, name } : { name, palette: BLANK_PALETTE };
    create.mutate(kit, { onSuccess: onCreated });
  };
  const nameErrors = fieldMessages(create.error, 'name');
  return (
    <form className="brands-panel brands-new" onSubmit={submit} aria-labelledby="new-brand-title" noValidate>
      <h2 id="new-brand-title">New brand</h2>
      <div className="brands-new-fields">
        <FormField label="Name" errors={nameErrors}>
          {(control) => <input {...control} value={name} onChange={(event) => setName(event.target.value)} maxLength={100} />}
        </FormField>
        <FormField label="Start from">
          {(control) => (
            <Select {...control} value={from} onChange={(event) => setFrom(event.target.value)}>
              {sources.map((brand) => (
                <option key={brand.id} value={brand.id}>
                  A copy of {brand.name}
                </option>
              ))}
              <option value="blank">A blank kit (black and white, plain templates)</option>
            </Select>
          )}
        </FormField>
      </div>
      {create.isError && nameErrors.length === 0 && (
        <p className="field-error" role="alert">
          {describeError(create.error)}
        </p>
      )}
      <div className="brands-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create brand'}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
