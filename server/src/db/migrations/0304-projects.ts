import type { Kysely } from 'kysely';

export async function up(database: Kysely<any>): Promise<void> {
  await database.schema
    .createTable('projects')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    /** JSON: the structured brief. */
    .addColumn('brief', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await database.schema.createIndex('projects_user_id_id').on('projects').columns(['user_id', 'id']).execute();
  await database.schema
    .createIndex('library_images_user_project_seq')
    .on('library_images')
    .columns(['user_id', 'project_id', 'seq'])
    .execute();
}

export async function down(database: Kysely<any>): Promise<void> {
  await database.schema.dropIndex('library_images_user_project_seq').execute();
  await database.schema.dropTable('projects').execute();
}
