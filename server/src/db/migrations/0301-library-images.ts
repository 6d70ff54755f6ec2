import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * The library: one row per stored image, denormalised from its job so history pages, filters and search need
 * no joins. `seq` is the insertion order (newest first = highest seq) and the cursor of history pages.
 */
export async function up(database: Kysely<any>): Promise<void> {
  const sqlite = database.getExecutor().adapter instanceof SqliteAdapter;
  await database.schema
    .createTable('library_images')
    // SQLite makes an INTEGER PRIMARY KEY the rowid, which the full-text index refers to; PostgreSQL needs an identity.
    .addColumn('seq', 'integer', (column) => (sqlite ? column.primaryKey() : column.primaryKey().generatedByDefaultAsIdentity()))
    .addColumn('id', 'text', (column) => column.notNull().unique())
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('job_id', 'text', (column) => column.notNull())
    .addColumn('slot', 'integer', (column) => column.notNull())
    .addColumn('prompt', 'text', (column) => column.notNull())
    .addColumn('model', 'text', (column) => column.notNull())
    .addColumn('asset_type', 'text')
    .addColumn('project_id', 'text')
    .addColumn('parent_id', 'text')
    .addColumn('seed', 'bigint', (column) => column.notNull())
    .addColumn('width', 'integer', (column) => column.notNull())
    .addColumn('height', 'integer', (column) => column.notNull())
    .addColumn('blob_key', 'text', (column) => column.notNull())
    .addColumn('thumbnail_key', 'text', (column) => column.notNull())
    .addColumn('thumbnail_etag', 'text', (column) => column.notNull())
    .addColumn('placeholder', 'text', (column) => column.notNull())
    .addColumn('favorite', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (column) => column.notNull())
    /** Null for favorites: they are kept until unstarred. */
    .addColumn('expires_at', 'text')
    /** Set when a deletion has begun: the row is hidden and its files are being removed (see RetentionSweep). */
    .addColumn('deleting_at', 'text')
    .execute();
  await database.schema.createIndex('library_images_job_slot').on('library_images').columns(['job_id', 'slot']).unique().execute();
  await database.schema.createIndex('library_images_user_seq').on('library_images').columns(['user_id', 'seq']).execute();
  await database.schema
    .createIndex('library_images_user_favorite_seq')
    .on('library_images')
    .columns(['user_id', 'favorite', 'seq'])
    .execute();
  await database.schema.createIndex('library_images_user_model_seq').on('library_images').columns(['user_id', 'model', 'seq']).execute();
  await database.schema.createIndex('library_images_expires_at').on('library_images').column('expires_at').execute();
  await database.schema.createIndex('library_images_deleting_at').on('library_images').column('deleting_at').execute();

  if (sqlite) {
    // Word search over prompts. Contentless: the prompt text lives in library_images; this holds only the index.
    await sql`create virtual table library_image_search using fts5(prompt, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(
      database,
    );
  } else {
    // Filled by the repository from the prompt with accents folded away (PromptSearch.index), as SQLite's tokenizer does.
    await sql`alter table library_images add column prompt_search tsvector`.execute(database);
    await sql`create index library_images_prompt_search on library_images using gin (prompt_search)`.execute(database);
  }
}

export async function down(database: Kysely<any>): Promise<void> {
  if (database.getExecutor().adapter instanceof SqliteAdapter) await sql`drop table library_image_search`.execute(database);
  await database.schema.dropTable('library_images').execute();
}
