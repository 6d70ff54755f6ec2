import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { brandKitSchema, type BrandKit } from '../domain/brand-kit.ts';
import { ConfigError } from './config.ts';

export const DEFAULT_BRAND_FILE = path.resolve(import.meta.dirname, '../../brand/brand.json');

/**
 * The brand kit: the repository's default, with any top-level field replaced by `brand.json` in the data folder.
 * Read once at start; a broken override stops the start with a message that names the file.
 */
export function loadBrandKit(dataDirectory: string, defaultFile = DEFAULT_BRAND_FILE): BrandKit {
  const base = readJson(defaultFile);
  const overrideFile = path.join(dataDirectory, 'brand.json');
  const override = existsSync(overrideFile) ? readJson(overrideFile) : {};
  const parsed = brandKitSchema.safeParse({ ...base, ...override });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join('.') || '(file)'}: ${issue.message}`);
    throw new ConfigError(`The brand kit in ${overrideFile} is invalid:\n${problems.join('\n')}`);
  }
  return parsed.data;
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
