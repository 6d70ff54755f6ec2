import type { Migration, MigrationProvider } from 'kysely/migration';
import * as jobs from './0001-jobs.ts';
import * as jobCost from './0101-job-cost.ts';

/** Migrations are listed here rather than read from disk, so they travel inside any bundle or image. */
const migrations: Record<string, Migration> = {
  '0001-jobs': jobs,
  '0101-job-cost': jobCost,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
