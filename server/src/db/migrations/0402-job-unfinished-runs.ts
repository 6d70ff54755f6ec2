import type { Kysely } from 'kysely';

/**
 * Runs of a job that started and have not ended. A run that ends (the job finished, or a shutdown stopped it cleanly)
 * takes itself off again, so what remains counts the runs that died with their worker: a job that keeps crashing its
 * worker is seen and given up, across processes, restarts and a Redis that forgot everything.
 */
export async function up(database: Kysely<any>): Promise<void> {
  await database.schema
    .alterTable('jobs')
    .addColumn('unfinished_runs', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
}

export async function down(database: Kysely<any>): Promise<void> {
  await database.schema.alterTable('jobs').dropColumn('unfinished_runs').execute();
}
