import type { LibraryImage } from '@brandgen/client';
import { describeRefinement } from '../describe-refinement.ts';
import { useImage } from '../api/get-image.ts';
import { useImageChildren } from '../api/list-image-children.ts';

/** Where an image comes from and what was made from it: one step up and one step down the refinement tree. */
export function RefinementTree({ image, onOpen }: { image: LibraryImage; onOpen: (id: string) => void }) {
  const parent = useImage(image.parent_id);
  const children = useImageChildren(image.id);
  const kids = children.data?.images ?? [];
  if (image.parent_id === null && kids.length === 0) return null;
  const variations = kids.filter((child) => child.refinement?.kind !== 'edit');
  const edits = editsByInstruction(kids);
  const madeBy = describeRefinement(image.refinement);
  return (
    <nav className="refinement-tree" aria-label="Refinement tree">
      {parent.data && (
        <div>
          <h3>Made from</h3>
          <div className="refinement-parent">
            <button
              type="button"
              className="refinement-thumb"
              onClick={() => onOpen(parent.data.id)}
              aria-label={`Open the image it was made from: ${parent.data.prompt}`}
            >
              <img src={parent.data.thumbnail_url} alt="" width={72} height={72} />
            </button>
            {madeBy && <p className="refinement-caption">{madeBy}</p>}
          </div>
        </div>
      )}
      {parent.isError && <p className="template-hint">The image it was made from is no longer kept.</p>}
      {edits.length > 0 && (
        <div>
          <h3>Edits made from it ({edits.reduce((sum, group) => sum + group.images.length, 0)})</h3>
          {edits.map((group) => (
            <figure key={group.instruction} className="refinement-group">
              <figcaption className="refinement-caption">Edited: {group.instruction}</figcaption>
              <ChildList images={group.images} label={(child) => `Open edit “${group.instruction}”, seed ${child.seed}`} onOpen={onOpen} />
            </figure>
          ))}
        </div>
      )}
      {variations.length > 0 && (
        <div>
          <h3>Variations made from it ({variations.length})</h3>
          <ChildList images={variations} label={(child) => `Open variation, seed ${child.seed}`} onOpen={onOpen} />
        </div>
      )}
    </nav>
  );
}

function ChildList({
  images,
  label,
  onOpen,
}: {
  images: LibraryImage[];
  label: (child: LibraryImage) => string;
  onOpen: (id: string) => void;
}) {
  return (
    <ul className="refinement-children">
      {images.map((child) => (
        <li key={child.id}>
          <button type="button" className="refinement-thumb" onClick={() => onOpen(child.id)} aria-label={label(child)}>
            <img src={child.thumbnail_url} alt="" width={72} height={72} />
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Edit children grouped by their instruction, newest group first (the list arrives newest first). */
function editsByInstruction(children: readonly LibraryImage[]): Array<{ instruction: string; images: LibraryImage[] }> {
  const groups = new Map<string, LibraryImage[]>();
  for (const child of children) {
    if (child.refinement?.kind !== 'edit') continue;
    const group = groups.get(child.refinement.instruction) ?? [];
    group.push(child);
    groups.set(child.refinement.instruction, group);
  }
  return [...groups].map(([instruction, images]) => ({ instruction, images }));
}
