import type { Brand } from '@brandgen/client';
import { useState, type ChangeEvent } from 'react';
import { describeError } from '../../../api/api-error.ts';
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

/** Imports a brand file (from "Export brand file" here or elsewhere) as a new brand. */
export function ImportBrand({ onImported }: { onImported: (brand: Brand) => void }) {
  const importBrand = useImportBrand();
  const [unreadable, setUnreadable] = useState<string | null>(null);
  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Emptied so that choosing the same file again, once fixed, is a change too.
    event.target.value = '';
    if (!file) return;
    setUnreadable(null);
    importBrand.reset();
    readBrandFile(file).then(
      (brandFile) => importBrand.mutate(brandFile, { onSuccess: onImported }),
      (error: Error) => setUnreadable(error.message),
    );
  };
  const problem = unreadable ?? (importBrand.isError ? `The file was not imported. ${describeError(importBrand.error)}` : null);
  return (
    <div className="brands-import">
      <label className="button button-secondary brands-import-button">
        {importBrand.isPending ? 'Importing…' : 'Import brand file'}
        <input type="file" accept=".json,application/json" className="visually-hidden" onChange={choose} disabled={importBrand.isPending} />
      </label>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
