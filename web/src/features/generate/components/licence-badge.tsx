import type { Licence } from '@brandgen/client';

/** The model's licence in one line: restricted licences stand out, with a link to the full text. */
export function LicenceBadge({ licence }: { licence: Licence }) {
  const restricted = licence.warning !== null;
  return (
    <p className="licence-line">
      <span className="licence-badge" data-restricted={restricted || undefined}>
        {restricted ? 'Restricted licence' : 'Licence'}
      </span>{' '}
      <a href={licence.url} target="_blank" rel="noreferrer">
        {licence.name}
      </a>
    </p>
  );
}
