import type { Kysely } from 'kysely';

/**
 * The last "Review against the brief" of each library image, so the viewer shows it again without asking the
 * (paid) language model anew. It goes with its image.
 */
export async function up(database: Kysely<any>): Promise<void> {
  await database.schema
    .createTable('brand_reviews')
    .addColumn('image_id', 'text', (column) => column.primaryKey().references('library_images.id').onDelete('cascade'))
    .addColumn('brand_id', 'text', (column) => column.notNull())
    .addColumn('brand_version', 'integer', (column) => column.notNull())
    .addColumn('model', 'text', (column) => column.notNull())
    /** JSON: the verdict of each rule, in the kit's order, dos first. */
    .addColumn('rules', 'text', (column) => column.notNull())
    .addColumn('reviewed_by', 'text', (column) => column.notNull())
    .addColumn('reviewed_at', 'text', (column) => column.notNull())
    .execute();
}

export async function down(database: Kysely<any>): Promise<void> {
  await database.schema.dropTable('brand_reviews').execute();
}
