import { readDataFolderBrandFile } from '../config/brand-kit-file.ts';
import { ConfigError } from '../config/config.ts';
import type { BrandService } from '../services/brand-service.ts';
import { ValidationError } from '../services/errors.ts';

/**
 * Imports `brand.json` from the data folder once, as a version of the default brand; afterwards the file is no longer
 * read. Answers what the log should say about the file, if there is one.
 */
export async function adoptDataFolderBrandFile(brands: BrandService, dataDirectory: string): Promise<string | undefined> {
  const found = readDataFolderBrandFile(dataDirectory);
  if (!found) return undefined;
  try {
    const imported = await brands.adoptDataFolderFile(found.fields, found.file);
    return imported
      ? `${found.file} was imported as a new version of the default brand; it is no longer read. Edit brands in the app or with /api/brands.`
      : `${found.file} is no longer read: it was imported into the default brand earlier. Edit brands in the app or with /api/brands.`;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const problems = error.fields.map((field) => `  - ${field.field}: ${field.message}`);
    throw new ConfigError(`The brand kit in ${found.file} is invalid:\n${problems.join('\n')}`);
  }
}
