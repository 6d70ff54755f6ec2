import type { Kysely } from 'kysely';

/**
 * How well each image keeps to the brand palette (0–100, with a one-line reason; see docs/brand-fit.md). On the job's
 * images, where the runner stores it and the webhook reads it, and on the library's, where History filters and sorts
 * by it. Null for images stored before this migration: they were never scored.
 */
export async function up(database: Kysely<any>): Promise<void> {
  for (const table of ['job_images', 'library_images']) {
    await database.schema.alterTable(table).addColumn('brand_fit', 'integer').execute();
    await database.schema.alterTable(table).addColumn('brand_fit_reason', 'text').execute();
  }
  await database.schema
    .createIndex('library_images_user_brand_fit_seq')
    .on('library_images')
    .columns(['user_id', 'brand_fit', 'seq'])
    .execute();
}

export async function down(database: Kysely<any>): Promise<void> {
  await database.schema.dropIndex('library_images_user_brand_fit_seq').execute();
  for (const table of ['job_images', 'library_images']) {
    await database.schema.alterTable(table).dropColumn('brand_fit_reason').execute();
    await database.schema.alterTable(table).dropColumn('brand_fit').execute();
  }
}
