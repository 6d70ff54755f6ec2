import type { Brand } from '@brandgen/client';
import { useId, useState } from 'react';
import { describeError } from '../../../api/api-error.ts';
import { FileDrop } from '../../../ui/file-drop.tsx';
import { useImportBrand } from '../api/import-brand.ts';

/** A brand file is JSON with the kit's fields; anything else is named here before the server is asked. */
async function readBrandFile(file: File): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await file.text());
  } catch {
    throw new Error(`${file.name} is not a brand file: it is not JSON.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file.name} is not a brand file: it holds no kit.`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Imports a brand file (from "Export brand file" here or elsewhere) as a new brand: the button opens a place to drop
 * the file or choose it. A refused file is said once, below it, in the words of whoever refused it.
 */
export function ImportBrand({ onImported }: { onImported: (brand: Brand) => void }) {
  const importBrand = useImportBrand();
  const [open, setOpen] = useState(false);
  const [unreadable, setUnreadable] = useState<string | null>(null);
  const panelId = useId();
  const take = (file: File) => {
    setUnreadable(null);
    importBrand.reset();
    readBrandFile(file).then(
      (brandFile) =>
        importBrand.mutate(brandFile, {
          onSuccess: (brand) => {
            setOpen(false);
            onImported(brand);
          },
        }),
      (error: Error) => setUnreadable(error.message),
    );
  };
  const problem = unreadable ?? (importBrand.isError ? `The file was not imported. ${describeError(importBrand.error)}` : null);
  return (
    <div className="brands-import">
      <button
        type="button"
        className="button button-secondary"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((current) => !current)}
      >
        Import brand file
      </button>
      {open && (
        <div id={panelId} className="brands-import-panel">
          <FileDrop
            label="Choose a brand file"
            accept=".json,application/json"
            busy={importBrand.isPending}
            busyLabel="Importing…"
            onFile={take}
            hint="Or drop it here: a .json file from “Export brand file”, here or in another Brandgen. It becomes a new brand."
          />
          {problem && (
            <p className="field-error" role="alert">
              {problem}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
