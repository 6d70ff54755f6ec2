import type { Kysely } from 'kysely';

/** A batch groups jobs started together; the jobs themselves stay ordinary jobs. */
export async function up(database: Kysely<any>): Promise<void> {
  await database.schema
    .createTable('batches')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('template_id', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('cancelled_at', 'text')
    .execute();
  await database.schema.createIndex('batches_user_id_id').on('batches').columns(['user_id', 'id']).execute();
  await database.schema
    .createTable('batch_jobs')
    .addColumn('batch_id', 'text', (column) => column.notNull().references('batches.id').onDelete('cascade'))
    .addColumn('position', 'integer', (column) => column.notNull())
    .addColumn('job_id', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('batch_jobs_pk', ['batch_id', 'position'])
    .execute();
}

export async function down(database: Kysely<any>): Promise<void> {
  await database.schema.dropTable('batch_jobs').execute();
  await database.schema.dropTable('batches').execute();
}
