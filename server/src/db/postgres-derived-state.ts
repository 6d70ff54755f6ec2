import { sql, type Kysely } from 'kysely';
import { PostgresTsvectorPromptSearch } from './prompt-search.ts';
import type { Database } from './schema.ts';

/**
 * What PostgreSQL derives from rows that arrive by copy rather than through the repositories: identity counters
 * (so new rows get fresh numbers) and the library's word index. Safe to run any number of times.
 */
export async function rebuildPostgresDerivedState(database: Kysely<Database>): Promise<void> {
  const identities = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and is_identity = 'YES'`.execute(database);
  for (const { table_name: table, column_name: column } of identities.rows) {
    await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(
      database,
    );
  }
  const search = new PostgresTsvectorPromptSearch();
  const unindexed = await database
    .selectFrom('library_images')
    .select(['seq', 'prompt'])
    .where(sql<boolean>`prompt_search is null`)
    .execute();
  for (const row of unindexed) {
    await database.transaction().execute((transaction) => search.index(transaction, row.seq, row.prompt));
  }
}
