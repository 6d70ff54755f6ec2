import type { Kysely } from 'kysely';

export async function up(database: Kysely<any>): Promise<void> {
  await database.schema
    .createTable('templates')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('prompt', 'text', (column) => column.notNull())
    .addColumn('asset_type', 'text')
    .addColumn('model', 'text')
    .addColumn('preset', 'text')
    /** JSON: LoRA name → weight. */
    .addColumn('lora_overrides', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await database.schema.createIndex('templates_user_id_name').on('templates').columns(['user_id', 'name']).execute();
}

export async function down(database: Kysely<any>): Promise<void> {
  await database.schema.dropTable('templates').execute();
}
