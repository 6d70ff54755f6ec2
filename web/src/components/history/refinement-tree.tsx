import { useQuery } from '@tanstack/react-query';
import { getImage, listImages, type LibraryImage } from '../../api/library.ts';
import { libraryKey } from '../../api/query-keys.ts';

/** Where an image comes from and what was made from it: one step up and one step down the refinement tree. */
export function RefinementTree({ image, onOpen }: { image: LibraryImage; onOpen: (id: string) => void }) {
  const parent = useQuery({
    queryKey: [...libraryKey, 'image', image.parent_id],
    queryFn: ({ signal }) => getImage(image.parent_id!, signal),
    enabled: image.parent_id !== null,
  });
  const children = useQuery({
    queryKey: [...libraryKey, { parent_id: image.id }],
    queryFn: ({ signal }) => listImages({ parent_id: image.id }, null, 48, signal),
  });
  const kids = children.data?.images ?? [];
  if (image.parent_id === null && kids.length === 0) return null;
  return (
    <nav className="refinement-tree" aria-label="Refinement tree">
      {parent.data && (
        <div>
          <h3>Made from</h3>
          <button type="button" className="refinement-thumb" onClick={() => onOpen(parent.data.id)} aria-label={`Open the image it was made from: ${parent.data.prompt}`}>
            <img src={parent.data.thumbnail_url} alt="" width={72} height={72} />
          </button>
        </div>
      )}
      {parent.isError && <p className="template-hint">The image it was made from is no longer kept.</p>}
      {kids.length > 0 && (
        <div>
          <h3>Variations made from it ({kids.length})</h3>
          <ul className="refinement-children">
            {kids.map((child) => (
              <li key={child.id}>
                <button type="button" className="refinement-thumb" onClick={() => onOpen(child.id)} aria-label={`Open variation, seed ${child.seed}`}>
                  <img src={child.thumbnail_url} alt="" width={72} height={72} />
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </nav>
  );
}
