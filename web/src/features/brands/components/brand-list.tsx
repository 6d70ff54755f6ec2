import type { Brand } from '@brandgen/client';
import { useBrandLoras } from '../api/list-loras.ts';
import { kitLoraNames } from '../lora-names.ts';
import { PaletteSwatches } from './palette-swatches.tsx';

const LORAS_NAMED = 3;

function describeLoras(names: string[]): string {
  if (names.length === 0) return 'No LoRAs';
  const named = names.slice(0, LORAS_NAMED).join(', ');
  return names.length > LORAS_NAMED ? `LoRAs: ${named} and ${names.length - LORAS_NAMED} more` : `LoRAs: ${named}`;
}

/** The LoRAs a brand's kit uses, by their names in its library. */
function KitLoras({ brand }: { brand: Brand }) {
  const library = useBrandLoras(brand.id).data ?? [];
  return <>{describeLoras(kitLoraNames(brand.kit, library))}</>;
}

interface BrandListProps {
  brands: Brand[];
  selectedId: string | undefined;
  canEdit: boolean;
  onSelect: (brandId: string) => void;
}

/** Every brand at a glance: its colours, its LoRAs, which one is the default, which are archived. */
export function BrandList({ brands, selectedId, canEdit, onSelect }: BrandListProps) {
  return (
    <ul className="brands-list">
      {brands.map((brand) => {
        const selected = brand.id === selectedId;
        const verb = canEdit && brand.archived_at === null ? 'Edit' : 'View';
        const action = selected ? `${verb}ing` : verb;
        return (
          <li key={brand.id} className="brands-card" data-selected={selected || undefined}>
            <div className="brands-card-heading">
              <h2 className="brands-card-name">{brand.name}</h2>
              {brand.is_default && <span className="brands-badge">Default</span>}
              {brand.archived_at !== null && <span className="brands-badge brands-badge-archived">Archived</span>}
            </div>
            <PaletteSwatches palette={brand.kit.palette} label={`Palette of ${brand.name}`} />
            <p className="brands-card-meta">
              <KitLoras brand={brand} />
              <span aria-hidden="true"> · </span>
              <span>version {brand.version}</span>
            </p>
            <button
              type="button"
              className="button button-secondary brands-card-open"
              aria-label={`${action} ${brand.name}`}
              aria-current={selected || undefined}
              onClick={() => onSelect(brand.id)}
            >
              {action}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
