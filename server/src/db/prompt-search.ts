import { sql, type SelectQueryBuilder, type Transaction } from 'kysely';
import { foldAccents, searchWords } from '../domain/library-image.ts';
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

/**
 * PostgreSQL keeps the words in `library_images.prompt_search` (a tsvector with a GIN index). The words are folded
 * here, as the query's words are, because PostgreSQL's `simple` configuration keeps accents.
 */
export class PostgresTsvectorPromptSearch implements PromptSearch {
  async index(transaction: Transaction<Database>, seq: number, prompt: string): Promise<void> {
    const folded = searchWords(foldAccents(prompt), Number.POSITIVE_INFINITY).join(' ');
    await sql`update library_images set prompt_search = to_tsvector('simple', ${folded}) where seq = ${seq}`.execute(transaction);
  }

  /** The row's own deletion removes its words. */
  async remove(): Promise<void> {}

  filter(query: LibraryQuery, words: string[]): LibraryQuery {
    if (words.length === 0) return query;
    // Each word is plain letters and digits (see `words`), so it is safe as a prefix term of to_tsquery.
    const terms = words.map((word) => `${foldAccents(word)}:*`).join(' & ');
    return query.where(sql<boolean>`library_images.prompt_search @@ to_tsquery('simple', ${terms})`);
  }
}

/** The search that matches the database a `DATABASE_URL`-style setting names. */
export function promptSearchFor(database: string): PromptSearch {
  return /^postgres(ql)?:\/\//i.test(database) ? new PostgresTsvectorPromptSearch() : new SqliteFts5PromptSearch();
}
