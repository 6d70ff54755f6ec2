import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { DEFAULT_BRAND_FILE } from '../../config/brand-kit-file.ts';
import { brandKitSchema } from '../../domain/brand-kit.ts';
import { DEFAULT_BRAND_ID } from '../../domain/brand.ts';

/**
 * Brand kits move from one file into the database, with immutable versions. The default brand starts as the shipped
 * kit (version 1); jobs and projects from before brands belong to it, the jobs to its version 1, which is what their
 * prompts were composed from unless a data-folder override applied (imported at start as version 2, see BrandService).
 */
export async function up(database: Kysely<any>): Promise<void> {
  await database.schema
    .createTable('brands')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('is_default', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('archived_at', 'text')
    .execute();
  await database.schema
    .createTable('brand_versions')
    .addColumn('brand_id', 'text', (column) => column.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('kit', 'text', (column) => column.notNull())
    .addColumn('source', 'text', (column) => column.notNull())
    .addColumn('restored_from', 'integer')
    .addColumn('created_by', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('brand_versions_pkey', ['brand_id', 'version'])
    .execute();
  const now = new Date().toISOString();
  const kit = brandKitSchema.parse(JSON.parse(readFileSync(DEFAULT_BRAND_FILE, 'utf8')));
  await database.insertInto('brands').values({ id: DEFAULT_BRAND_ID, is_default: 1, created_at: now, archived_at: null }).execute();
  await database
    .insertInto('brand_versions')
    .values({
      brand_id: DEFAULT_BRAND_ID,
      version: 1,
      name: kit.name,
      kit: JSON.stringify(kit),
      source: 'shipped',
      restored_from: null,
      created_by: 'brandgen',
      created_at: now,
    })
    .execute();
  // The defaults fill the rows already there: every earlier job was made with the default brand.
  await database.schema
    .alterTable('jobs')
    .addColumn('brand_id', 'text', (column) => column.notNull().defaultTo(DEFAULT_BRAND_ID))
    .execute();
  await database.schema
    .alterTable('jobs')
    .addColumn('brand_version', 'integer', (column) => column.notNull().defaultTo(1))
    .execute();
  await database.schema
    .alterTable('projects')
    .addColumn('brand_id', 'text', (column) => column.notNull().defaultTo(DEFAULT_BRAND_ID))
    .execute();
  // Deleting a brand asks whether this month's jobs use it.
  await database.schema.createIndex('jobs_brand_id_created_at').on('jobs').columns(['brand_id', 'created_at']).execute();
}

export async function down(database: Kysely<any>): Promise<void> {
  await database.schema.dropIndex('jobs_brand_id_created_at').execute();
  await database.schema.alterTable('projects').dropColumn('brand_id').execute();
  await database.schema.alterTable('jobs').dropColumn('brand_version').execute();
  await database.schema.alterTable('jobs').dropColumn('brand_id').execute();
  await database.schema.dropTable('brand_versions').execute();
  await database.schema.dropTable('brands').execute();
}
