import type { Migration, MigrationProvider } from 'kysely/migration';
import * as jobs from './0001-jobs.ts';
import * as jobCost from './0101-job-cost.ts';
import * as providerKeys from './0102-provider-keys.ts';
import * as identity from './0201-identity.ts';
import * as libraryImages from './0301-library-images.ts';
import * as templates from './0302-templates.ts';
import * as batches from './0303-batches.ts';
import * as projects from './0304-projects.ts';
import * as imageRefinements from './0305-image-refinements.ts';
import * as projectInspiration from './0306-project-inspiration.ts';
import * as jobUnfinishedRuns from './0402-job-unfinished-runs.ts';
import * as batchIdempotencyKeys from './0410-batch-idempotency-keys.ts';
import * as webhooks from './0501-webhooks.ts';
import * as imageBrandFit from './0601-image-brand-fit.ts';
import * as brands from './0602-brands.ts';
import * as imageBrand from './0603-image-brand.ts';
import * as editLineage from './0604-edit-lineage.ts';
import * as loras from './0604-loras.ts';
import * as projectExpansion from './0620-project-expansion.ts';
import * as jobProject from './0621-job-project.ts';
import * as training from './0700-training.ts';
import * as brandRules from './0730-brand-rules.ts';
import * as brandReviews from './0731-brand-reviews.ts';
import * as jobFiling from './0800-job-filing.ts';

/** Migrations are listed here rather than read from disk, so they travel inside any bundle or image. */
const migrations: Record<string, Migration> = {
  '0001-jobs': jobs,
  '0101-job-cost': jobCost,
  '0102-provider-keys': providerKeys,
  '0201-identity': identity,
  '0301-library-images': libraryImages,
  '0302-templates': templates,
  '0303-batches': batches,
  '0304-projects': projects,
  '0305-image-refinements': imageRefinements,
  '0306-project-inspiration': projectInspiration,
  '0402-job-unfinished-runs': jobUnfinishedRuns,
  '0410-batch-idempotency-keys': batchIdempotencyKeys,
  '0501-webhooks': webhooks,
  '0601-image-brand-fit': imageBrandFit,
  '0602-brands': brands,
  '0603-image-brand': imageBrand,
  '0604-edit-lineage': editLineage,
  '0604-loras': loras,
  '0620-project-expansion': projectExpansion,
  '0621-job-project': jobProject,
  '0700-training': training,
  '0730-brand-rules': brandRules,
  '0731-brand-reviews': brandReviews,
  '0800-job-filing': jobFiling,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
