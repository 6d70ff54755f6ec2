import { HEX_COLOUR } from '../../../../../server/src/domain/brand-kit-formats.ts';

/** A palette as a row of colour chips, each named by its hex code for those who cannot see it. */
export function PaletteSwatches({ palette, label }: { palette: string[]; label: string }) {
  return (
    <ul className="brands-swatches" aria-label={label}>
      {palette.map((colour, index) => (
        <li
          key={`${index}-${colour}`}
          className="brands-swatch"
          data-invalid={!HEX_COLOUR.pattern.test(colour) || undefined}
          style={{ background: colour }}
          title={colour.toUpperCase()}
        >
          <span className="visually-hidden">{colour.toUpperCase()}</span>
        </li>
      ))}
    </ul>
  );
}

/** One colour chip in a sentence (the version diff), or an empty one for a colour that is not there. */
export function ColourChip({ colour }: { colour: string | null }) {
  if (colour === null) return <span className="brands-chip-none">(none)</span>;
  return (
    <span className="brands-chip">
      <span className="brands-chip-colour" style={{ background: colour }} aria-hidden="true" />
      <code>{colour.toUpperCase()}</code>
    </span>
  );
}
