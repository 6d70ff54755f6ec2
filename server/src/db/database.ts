import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type SqliteDatabase as SqliteDialectDatabase } from 'kysely';
import { createRequire } from 'node:module';
import type pg from 'pg';
import { LRUCache } from 'lru-cache';
import { Migrator } from 'kysely/migration';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type DatabaseConnection = Kysely<Database>;

/** What every repository is built from. */
export interface RepositoryOptions {
  database: DatabaseConnection;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** A `postgres://` URL opens PostgreSQL; anything else is a SQLite file path. */
export function openDatabase(urlOrFile: string, options: { poolSize?: number } = {}): DatabaseConnection {
  return isPostgresUrl(urlOrFile) ? openPostgresDatabase(urlOrFile, options) : openSqliteDatabase(urlOrFile);
}

let postgres: typeof pg | undefined;

/** The driver is loaded on first use (synchronously: it is CommonJS), so SQLite installations never load it. */
function loadPostgresDriver(): typeof pg {
  if (!postgres) {
    postgres = createRequire(import.meta.url)('pg') as typeof pg;
    // PostgreSQL sends bigint (int8, also what count(*) returns) as text so nothing is lost past 2^53. Our bigints
    // are seeds below 2^32 and row counts, so numbers are exact, and both engines then return the same types.
    postgres.types.setTypeParser(postgres.types.builtins.INT8, (value) => Number(value));
  }
  return postgres;
}

/**
 * `?schema=name` in the URL (not a PostgreSQL parameter, our own) puts every table in that schema:
 * tests use it to give each run its own tables in a shared database.
 */
export function openPostgresDatabase(url: string, options: { poolSize?: number } = {}): DatabaseConnection {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  const pool = new (loadPostgresDriver().Pool)({
    connectionString: parsed.toString(),
    max: options.poolSize ?? 10,
    ...(schema && { options: `-c search_path=${quoteIdentifier(schema)}` }),
  });
  // An idle client that loses its connection (a database restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

function quoteIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) throw new Error(`Invalid schema name: ${name}`);
  return name;
}

/** True for a PostgreSQL connection, where some statements take a shape SQLite does not know. */
export function isPostgres(database: Kysely<any>): boolean {
  return database.getExecutor().adapter instanceof PostgresAdapter;
}

/** For readiness checks: a round trip to the database. */
export async function pingDatabase(database: Kysely<any>): Promise<void> {
  await sql`select 1`.execute(database);
}

export function openSqliteDatabase(file: string): DatabaseConnection {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers (API) and the writer (worker) proceed together; a busy timeout rides out short write locks.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}

/**
 * Kysely prepares every query afresh, and preparing costs more than running our small queries.
 * Reusing prepared statements by their SQL text is safe because we never stream rows,
 * so no statement is still being read when the next query needs it.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, maxStatements = 256): SqliteDialectDatabase {
  const statements = new LRUCache<string, SqliteDatabase.Statement>({ max: maxStatements });
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * Kysely's migrator over our migrations. Features number their migrations in their own ranges (0001 jobs, 01xx
 * models, 02xx identity, 03xx library), so an installation may meet them out of order; each must stand on its own.
 */
export async function newMigrator(database: Kysely<any>): Promise<Migrator> {
  // Kysely looks for its bookkeeping tables in any schema unless told which; with several schemas in one
  // PostgreSQL database (one per installation or test run) it must use the one our tables live in.
  const schema = isPostgres(database)
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database)).rows[0]?.schema
    : undefined;
  return new Migrator({
    db: database,
    provider: migrationProvider,
    allowUnorderedMigrations: true,
    ...(schema && { migrationTableSchema: schema }),
  });
}

export async function migrateToLatest(database: Kysely<any>): Promise<void> {
  const migrator = await newMigrator(database);
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`Database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
