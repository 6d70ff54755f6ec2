import type { Kysely } from 'kysely';

const columns = [
  ['inspiration_key', 'text'],
  ['inspiration_media_type', 'text'],
  ['inspiration_width', 'integer'],
  ['inspiration_height', 'integer'],
  ['inspiration_byte_size', 'integer'],
  ['inspiration_sha256', 'text'],
] as const;

/** A project's optional inspiration image: all six columns are set together or all null. */
export async function up(database: Kysely<any>): Promise<void> {
  for (const [name, type] of columns) await database.schema.alterTable('projects').addColumn(name, type).execute();
}

export async function down(database: Kysely<any>): Promise<void> {
  for (const [name] of columns) await database.schema.alterTable('projects').dropColumn(name).execute();
}
