import type { KitChange } from '../kit-diff.ts';
import { ColourChip } from './palette-swatches.tsx';

interface VersionDiffProps {
  changes: KitChange[];
  beforeLabel: string;
  afterLabel: string;
  caption: string;
}

/** Field by field, what one kit has and the other does not: colours as chips, texts side by side. */
export function VersionDiff({ changes, beforeLabel, afterLabel, caption }: VersionDiffProps) {
  if (changes.length === 0) return <p className="brands-empty-note">{caption}: nothing differs.</p>;
  return (
    <table className="brands-diff">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">{beforeLabel}</th>
          <th scope="col">{afterLabel}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.field}>
            <th scope="row">{change.field}</th>
            {change.kind === 'colour' ? (
              <>
                <td className="brands-diff-before">
                  <ColourChip colour={change.before} />
                </td>
                <td className="brands-diff-after">
                  <ColourChip colour={change.after} />
                </td>
              </>
            ) : (
              <>
                <td className="brands-diff-before">{change.before}</td>
                <td className="brands-diff-after">{change.after}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
