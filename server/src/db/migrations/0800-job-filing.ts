import type { Kysely } from 'kysely';

/**
 * When a finished job's images were scored and filed in the library, which follows its completion. Jobs finished
 * before this migration had both done by then, so they count as filed when they finished. A finished job without it is
 * one whose filing a crash cut short: the worker picks it up again (see JobRepository.listUnfinishedIds).
 */
export async function up(database: Kysely<any>): Promise<void> {
  await database.schema.alterTable('jobs').addColumn('filed_at', 'text').execute();
  await database
    .updateTable('jobs')
    .set((expression) => ({ filed_at: expression.ref('completed_at') }))
    .where('status', 'in', ['complete', 'failed'])
    .execute();
  // Jobs a worker still has work on are exactly those not yet filed (queued, running, or filing), found by this index.
  await database.schema.createIndex('jobs_filed_at_id').on('jobs').columns(['filed_at', 'id']).execute();
}

export async function down(database: Kysely<any>): Promise<void> {
  await database.schema.dropIndex('jobs_filed_at_id').execute();
  await database.schema.alterTable('jobs').dropColumn('filed_at').execute();
}
