import type { Kysely } from 'kysely';

/**
 * Each job's estimated spend, in millionths of a US dollar: an integer, so sums are exact on SQLite and
 * PostgreSQL alike. Jobs from before this migration were made by the demo model and cost nothing.
 */
export async function up(database: Kysely<unknown>): Promise<void> {
  await database.schema
    .alterTable('jobs')
    .addColumn('estimated_cost_micro_usd', 'bigint', (column) => column.notNull().defaultTo(0))
    .execute();
  await database.schema.createIndex('jobs_created_at').on('jobs').column('created_at').execute();
}

export async function down(database: Kysely<unknown>): Promise<void> {
  await database.schema.dropIndex('jobs_created_at').execute();
  await database.schema.alterTable('jobs').dropColumn('estimated_cost_micro_usd').execute();
}
