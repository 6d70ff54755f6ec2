import type { Brand, BrandVersion } from '@brandgen/client';
import { useState } from 'react';
import { LOCAL_PRINCIPAL } from '../../../../../server/src/domain/principal.ts';
import { describeError } from '../../../api/api-error.ts';
import { formatJobTime } from '../../../format/format-job-time.ts';
import { ConfirmAction } from '../../../ui/confirm-action.tsx';
import { useBrandVersions } from '../api/list-brand-versions.ts';
import { useBrandLoras } from '../api/list-loras.ts';
import { useRestoreBrandVersion } from '../api/restore-brand-version.ts';
import { kitChanges } from '../kit-diff.ts';
import { VersionDiff } from './version-diff.tsx';

const SOURCE_WORDS: Record<BrandVersion['source'], string> = {
  shipped: 'Shipped with Brandgen',
  data_folder: 'From brand.json in the data folder',
  create: 'Created',
  edit: 'Edited',
  restore: 'Restored',
  import: 'Imported from a brand file',
  training: 'A trained LoRA attached',
};

const howMade = (version: BrandVersion) =>
  version.source === 'restore' && version.restored_from !== null
    ? `Restored version ${version.restored_from}`
    : SOURCE_WORDS[version.source];

const madeBy = (userId: string) => (userId === LOCAL_PRINCIPAL.userId ? LOCAL_PRINCIPAL.name : userId);

/** Every version of the brand, newest first; any older one compared with the current kit, and restored as a new version. */
export function VersionHistory({ brand, canEdit }: { brand: Brand; canEdit: boolean }) {
  const versions = useBrandVersions(brand.id);
  const loras = useBrandLoras(brand.id);
  const restore = useRestoreBrandVersion();
  const [compared, setCompared] = useState<number | null>(null);
  const chosen = versions.data?.find((version) => version.version === compared && version.version !== brand.version);
  return (
    <section className="brands-panel brands-history" aria-labelledby="brand-history-title">
      <h2 id="brand-history-title">Version history</h2>
      {versions.isPending && <p>Loading the versions…</p>}
      {versions.isError && (
        <p className="field-error" role="alert">
          {describeError(versions.error)}
        </p>
      )}
      {versions.data && (
        <table className="brands-versions">
          <caption className="visually-hidden">Versions of {brand.name}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">How</th>
              <th scope="col">
                <span className="visually-hidden">Compare</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.data.map((version) => (
              <tr key={version.version} data-selected={version.version === chosen?.version || undefined}>
                <td>{version.version}</td>
                <td>
                  <time dateTime={version.created_at}>{formatJobTime(version.created_at)}</time>
                </td>
                <td>{madeBy(version.created_by)}</td>
                <td>{howMade(version)}</td>
                <td>
                  {version.version === brand.version ? (
                    <span className="brands-badge">Current</span>
                  ) : (
                    <button
                      type="button"
                      className="button button-secondary brands-small-button"
                      aria-pressed={version.version === chosen?.version}
                      onClick={() => setCompared(version.version === chosen?.version ? null : version.version)}
                    >
                      Compare version {version.version}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {chosen && (
        <div className="brands-compare">
          <VersionDiff
            changes={kitChanges(chosen.kit, brand.kit, loras.data)}
            beforeLabel={`Version ${chosen.version}`}
            afterLabel={`Current (version ${brand.version})`}
            caption={`Version ${chosen.version} compared with the current kit`}
          />
          {canEdit && (
            <ConfirmAction
              label={`Restore version ${chosen.version}`}
              question={`Restore version ${chosen.version}? Its kit becomes version ${brand.version + 1}; every version stays in the history, and new jobs use the restored kit.`}
              confirmLabel={`Restore as version ${brand.version + 1}`}
              pending={restore.isPending}
              onConfirm={(done) =>
                restore.mutate(
                  { brandId: brand.id, version: chosen.version },
                  {
                    onSuccess: () => {
                      done();
                      setCompared(null);
                    },
                  },
                )
              }
            />
          )}
          {restore.isError && (
            <p className="field-error" role="alert">
              {describeError(restore.error)}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
