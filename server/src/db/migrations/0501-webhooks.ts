import type { Kysely } from 'kysely';

/**
 * Webhook endpoints and their outbox. A delivery row is written in the same transaction as the change it announces
 * (a job finishing), so no announcement is lost to a crash between the two; workers claim due rows with a lease.
 */
export async function up(database: Kysely<any>): Promise<void> {
  await database.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('all_users', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('url', 'text', (column) => column.notNull())
    .addColumn('description', 'text', (column) => column.notNull())
    .addColumn('events', 'text', (column) => column.notNull())
    .addColumn('sealed_secret', 'text', (column) => column.notNull())
    .addColumn('enabled', 'integer', (column) => column.notNull().defaultTo(1))
    .addColumn('disabled_reason', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await database.schema.createIndex('webhook_endpoints_user_id').on('webhook_endpoints').columns(['user_id', 'id']).execute();
  await database.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('endpoint_id', 'text', (column) => column.notNull().references('webhook_endpoints.id').onDelete('cascade'))
    .addColumn('event_type', 'text', (column) => column.notNull())
    .addColumn('data', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('last_duration_ms', 'integer')
    .execute();
  // Workers look for due rows; finished rows have no next attempt and stay out of this index's way.
  await database.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
  await database.schema
    .createIndex('webhook_deliveries_endpoint')
    .on('webhook_deliveries')
    .columns(['endpoint_id', 'created_at'])
    .execute();
  // batch.completed asks, as a job finishes, which batch it belongs to.
  await database.schema.createIndex('batch_jobs_job_id').on('batch_jobs').column('job_id').execute();
  await database.schema.alterTable('batches').addColumn('finished_announced_at', 'text').execute();
  // Set once every job of a new batch is listed, so a fast first job cannot announce a batch still being filled.
  await database.schema.alterTable('batches').addColumn('job_count', 'integer').execute();
}

export async function down(database: Kysely<any>): Promise<void> {
  await database.schema.alterTable('batches').dropColumn('job_count').execute();
  await database.schema.alterTable('batches').dropColumn('finished_announced_at').execute();
  await database.schema.dropIndex('batch_jobs_job_id').execute();
  await database.schema.dropTable('webhook_deliveries').execute();
  await database.schema.dropTable('webhook_endpoints').execute();
}
