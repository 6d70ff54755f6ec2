import type { Kysely } from 'kysely';

/**
 * A client may send an Idempotency-Key with a batch; a retry with the same key gets the batch made the first time
 * instead of a second one paid for again. The request's SHA-256 tells a retry from a different batch under a reused key.
 */
export async function up(database: Kysely<any>): Promise<void> {
  await database.schema.alterTable('batches').addColumn('idempotency_key', 'text').execute();
  await database.schema.alterTable('batches').addColumn('request_sha256', 'text').execute();
  await database.schema
    .createIndex('batches_user_id_idempotency_key')
    .unique()
    .on('batches')
    .columns(['user_id', 'idempotency_key'])
    .execute();
}

export async function down(database: Kysely<any>): Promise<void> {
  await database.schema.dropIndex('batches_user_id_idempotency_key').execute();
  await database.schema.alterTable('batches').dropColumn('request_sha256').execute();
  await database.schema.alterTable('batches').dropColumn('idempotency_key').execute();
}
