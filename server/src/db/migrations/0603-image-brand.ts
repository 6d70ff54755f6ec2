import { sql, type Kysely } from 'kysely';
import { DEFAULT_BRAND_ID } from '../../domain/brand.ts';

/**
 * The brand version each library image was made with, copied from its job as the image is filed, so the library can
 * say it (and "use these settings" repeat it) without reading the jobs. Images already filed take their job's.
 */
export async function up(database: Kysely<any>): Promise<void> {
  await database.schema
    .alterTable('library_images')
    .addColumn('brand_id', 'text', (column) => column.notNull().defaultTo(DEFAULT_BRAND_ID))
    .execute();
  await database.schema
    .alterTable('library_images')
    .addColumn('brand_version', 'integer', (column) => column.notNull().defaultTo(1))
    .execute();
  await sql`
    update library_images set
      brand_id = coalesce((select jobs.brand_id from jobs where jobs.id = library_images.job_id), brand_id),
      brand_version = coalesce((select jobs.brand_version from jobs where jobs.id = library_images.job_id), brand_version)
  `.execute(database);
}

export async function down(database: Kysely<any>): Promise<void> {
  await database.schema.alterTable('library_images').dropColumn('brand_version').execute();
  await database.schema.alterTable('library_images').dropColumn('brand_id').execute();
}
