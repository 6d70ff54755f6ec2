import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config.ts';

/** The kit a fresh installation's default brand starts from (migration 0602). */
export const DEFAULT_BRAND_FILE = path.resolve(import.meta.dirname, '../../brand/brand.json');

export interface DataFolderBrandFile {
  file: string;
  /** Top-level fields of the brand kit, laid over the default brand's kit when imported. */
  fields: Record<string, unknown>;
}

/**
 * `brand.json` in the data folder, from before brand kits lived in the database; imported once as a version of the
 * default brand. Unreadable JSON stops the start with a message that names the file.
 */
export function readDataFolderBrandFile(dataDirectory: string): DataFolderBrandFile | undefined {
  const file = path.join(dataDirectory, 'brand.json');
  if (!existsSync(file)) return undefined;
  return { file, fields: readJson(file) };
}

function readJson(file: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected a JSON object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`Cannot read the brand kit ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
