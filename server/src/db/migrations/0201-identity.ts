import type { Kysely } from 'kysely';

/** Identity: personal API tokens, browser sessions, sign-ins in progress and device authorizations. Secrets are stored only as SHA-256. */
export async function up(database: Kysely<unknown>): Promise<void> {
  await database.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('token_hash', 'text', (column) => column.notNull().unique())
    .addColumn('is_admin', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('last_used_at', 'text')
    .execute();
  await database.schema.createIndex('api_tokens_user_id').on('api_tokens').columns(['user_id', 'id']).execute();

  await database.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (column) => column.primaryKey())
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('user_name', 'text', (column) => column.notNull())
    .addColumn('is_admin', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('csrf_token', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('expires_at', 'text', (column) => column.notNull())
    .execute();
  await database.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute();

  await database.schema
    .createTable('sign_in_attempts')
    .addColumn('state', 'text', (column) => column.primaryKey())
    .addColumn('code_verifier', 'text', (column) => column.notNull())
    .addColumn('nonce', 'text', (column) => column.notNull())
    .addColumn('return_to', 'text', (column) => column.notNull())
    .addColumn('expires_at', 'text', (column) => column.notNull())
    .execute();

  await database.schema
    .createTable('device_authorizations')
    .addColumn('device_code_hash', 'text', (column) => column.primaryKey())
    .addColumn('user_code', 'text', (column) => column.notNull().unique())
    .addColumn('client_name', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('user_id', 'text')
    .addColumn('is_admin', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('interval_seconds', 'integer', (column) => column.notNull())
    .addColumn('last_polled_at', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('expires_at', 'text', (column) => column.notNull())
    .execute();
}

export async function down(database: Kysely<unknown>): Promise<void> {
  for (const table of ['device_authorizations', 'sign_in_attempts', 'sessions', 'api_tokens']) {
    await database.schema.dropTable(table).execute();
  }
}
