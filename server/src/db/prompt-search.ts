import { sql, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

type LibraryQuery = SelectQueryBuilder<Database, 'library_images', any>;

/**
 * Word search over library prompts, which each database does its own way: SQLite keeps an FTS5 index that we
 * maintain beside the rows; PostgreSQL (migration 0301) keeps a generated tsvector column with a GIN index, so its
 * implementation only filters. The repository never writes dialect-specific SQL itself.
 */
export interface PromptSearch {
  /** Adds an image's prompt to the index, in the transaction that inserts the image. */
  index(transaction: Transaction<Database>, seq: number, prompt: string): Promise<void>;
  /** Removes it, in the transaction that deletes the image. */
  remove(transaction: Transaction<Database>, seq: number, prompt: string): Promise<void>;
  /** Keeps only images whose prompt holds every word (as a word prefix). `words` are already plain letters/digits. */
  filter(query: LibraryQuery, words: string[]): LibraryQuery;
}

export class SqliteFts5PromptSearch implements PromptSearch {
  async index(transaction: Transaction<Database>, seq: number, prompt: string): Promise<void> {
    await sql`insert into library_image_search (rowid, prompt) values (${seq}, ${prompt})`.execute(transaction);
  }

  async remove(transaction: Transaction<Database>, seq: number): Promise<void> {
    await sql`delete from library_image_search where rowid = ${seq}`.execute(transaction);
  }

  filter(query: LibraryQuery, words: string[]): LibraryQuery {
    if (words.length === 0) return query;
    // Each word quoted (so FTS5 operators in user text mean nothing) and prefix-matched, all required.
    const match = words.map((word) => `"${word.replaceAll('"', '')}"*`).join(' ');
    return query.where(
      'library_images.seq',
      'in',
      sql<number>`(select rowid from library_image_search where library_image_search match ${match})`,
    );
  }
}

/** PostgreSQL keeps `library_images.prompt_search` itself (a generated tsvector with a GIN index): only filter. */
export class PostgresTsvectorPromptSearch implements PromptSearch {
  async index(): Promise<void> {}

  async remove(): Promise<void> {}

  filter(query: LibraryQuery, words: string[]): LibraryQuery {
    if (words.length === 0) return query;
    // Each word is plain letters and digits (see `words`), so it is safe as a prefix term of to_tsquery.
    const terms = words.map((word) => `${word}:*`).join(' & ');
    return query.where(sql<boolean>`library_images.prompt_search @@ to_tsquery('simple', ${terms})`);
  }
}

/** The search that matches the database a `DATABASE_URL`-style setting names. */
export function promptSearchFor(database: string): PromptSearch {
  return /^postgres(ql)?:\/\//i.test(database) ? new PostgresTsvectorPromptSearch() : new SqliteFts5PromptSearch();
}
