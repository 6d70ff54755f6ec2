import type { Kysely } from 'kysely';

/** The prompts a project's brief was last expanded into (JSON: source, label, prompts, when), so a reload keeps them. */
export async function up(database: Kysely<any>): Promise<void> {
  await database.schema.alterTable('projects').addColumn('expansion', 'text').execute();
}

export async function down(database: Kysely<any>): Promise<void> {
  await database.schema.alterTable('projects').dropColumn('expansion').execute();
}
