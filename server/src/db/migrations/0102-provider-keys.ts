import type { Kysely } from 'kysely';

/** Provider keys saved through the admin settings API, sealed with AES-256-GCM (never stored in clear). */
export async function up(database: Kysely<unknown>): Promise<void> {
  await database.schema
    .createTable('provider_keys')
    .addColumn('provider', 'text', (column) => column.primaryKey())
    .addColumn('sealed_key', 'text', (column) => column.notNull())
    .addColumn('key_hint', 'text', (column) => column.notNull())
    .addColumn('base_url', 'text')
    .addColumn('updated_by', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
}

export async function down(database: Kysely<unknown>): Promise<void> {
  await database.schema.dropTable('provider_keys').execute();
}
