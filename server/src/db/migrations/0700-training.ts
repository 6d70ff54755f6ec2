import type { Kysely } from 'kysely';

/**
 * Training sets (a brand's own images with captions) and trainings, which run as durable jobs: everything a worker
 * needs to resume one after a restart — the provider's request id included — lives in these rows.
 */
export async function up(database: Kysely<any>): Promise<void> {
  await database.schema
    .createTable('training_sets')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('brand_id', 'text', (column) => column.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('trigger_word', 'text', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await database.schema.createIndex('training_sets_brand_id').on('training_sets').column('brand_id').execute();
  await database.schema
    .createTable('training_set_images')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('set_id', 'text', (column) => column.notNull().references('training_sets.id').onDelete('cascade'))
    .addColumn('blob_key', 'text', (column) => column.notNull())
    .addColumn('file_name', 'text', (column) => column.notNull())
    .addColumn('width', 'integer', (column) => column.notNull())
    .addColumn('height', 'integer', (column) => column.notNull())
    .addColumn('sha256', 'text', (column) => column.notNull())
    .addColumn('difference_hash', 'text', (column) => column.notNull())
    .addColumn('caption', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();
  await database.schema.createIndex('training_set_images_set_id').on('training_set_images').column('set_id').execute();
  await database.schema
    .createTable('trainings')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('brand_id', 'text', (column) => column.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('set_id', 'text', (column) => column.notNull())
    .addColumn('trainer', 'text', (column) => column.notNull())
    .addColumn('family', 'text', (column) => column.notNull())
    .addColumn('steps', 'integer', (column) => column.notNull())
    .addColumn('learning_rate', 'real', (column) => column.notNull())
    .addColumn('use_at_once', 'integer', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('step', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('estimated_cost_micro_usd', 'bigint', (column) => column.notNull())
    .addColumn('provider_request_id', 'text')
    .addColumn('cancel_requested', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('lora_id', 'text')
    .addColumn('brand_version', 'integer')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('created_by', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await database.schema.createIndex('trainings_status').on('trainings').column('status').execute();
  await database.schema
    .createTable('training_events')
    .addColumn('training_id', 'text', (column) => column.notNull().references('trainings.id').onDelete('cascade'))
    .addColumn('sequence', 'integer', (column) => column.notNull())
    .addColumn('type', 'text', (column) => column.notNull())
    .addColumn('data', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('training_events_pk', ['training_id', 'sequence'])
    .execute();
}

export async function down(database: Kysely<any>): Promise<void> {
  await database.schema.dropTable('training_events').execute();
  await database.schema.dropTable('trainings').execute();
  await database.schema.dropTable('training_set_images').execute();
  await database.schema.dropTable('training_sets').execute();
}
