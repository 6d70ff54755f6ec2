import { randomBytes } from 'node:crypto';
import { after, describe } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { migrateToLatest, openDatabase, type DatabaseConnection } from '../../src/db/database.ts';

/**
 * The databases every repository and service test runs on: SQLite always, PostgreSQL when
 * `TEST_DATABASE_URL` names one (CI sets it). Each PostgreSQL use gets a fresh schema, dropped afterwards,
 * so parallel runs and other engineers' tables never meet. New tables need nothing here: migrations create them.
 */
export interface TestDatabase {
  engine: 'sqlite' | 'postgres';
  /** Environment for `startTestBrandgen` or a server process: empty for SQLite (a file in its data folder). */
  environment(): Promise<Record<string, string>>;
  /** A migrated connection of its own; closed and dropped after the enclosing describe. */
  open(): Promise<DatabaseConnection>;
}

/** PostgreSQL's SQLSTATE for a deadlock it broke by cancelling one statement. */
const DEADLOCK_DETECTED = '40P01';

const postgresUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;
const inCi = process.env.CI === 'true' || process.env.CI === '1';

export const postgresSkipReason = postgresUrl
  ? undefined
  : 'PostgreSQL variant skipped: set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run it';

if (!postgresUrl && inCi) {
  throw new Error('CI must run the PostgreSQL variants: TEST_DATABASE_URL is not set (see .ci/run).');
}

/** A fresh, empty schema in the test database; returns a `DATABASE_URL` pointing into it. */
export async function createPostgresSchema(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!postgresUrl) throw new Error(postgresSkipReason);
  const schema = `brandgen_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresUrl);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      try {
        // This runs in an after hook that node:test may run before the test's own (which stops the app), so a write
        // still in flight can deadlock with the drop; PostgreSQL then cancels one of the two, and the drop tries again.
        for (let attempt = 1; ; attempt += 1) {
          try {
            await client.query(`drop schema if exists ${schema} cascade`);
            return;
          } catch (error) {
            if ((error as { code?: string }).code !== DEADLOCK_DETECTED || attempt === 5) throw error;
            await sleep(100 * attempt);
          }
        }
      } finally {
        await client.end();
      }
    },
  };
}

function testDatabase(engine: 'sqlite' | 'postgres'): TestDatabase {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  return {
    engine,
    async environment(): Promise<Record<string, string>> {
      if (engine === 'sqlite') return {};
      const schema = await createPostgresSchema();
      cleanups.push(schema.drop);
      return { DATABASE_URL: schema.url };
    },
    async open() {
      let connection: DatabaseConnection;
      if (engine === 'sqlite') connection = openDatabase(':memory:');
      else {
        const schema = await createPostgresSchema();
        cleanups.push(schema.drop);
        connection = openDatabase(schema.url, { poolSize: 4 });
      }
      cleanups.push(() => connection.destroy());
      await migrateToLatest(connection);
      return connection;
    },
  };
}

/** Runs the same describe block once per database; the PostgreSQL block skips with a reason outside CI. */
export function describeEachDatabase(title: string, body: (database: TestDatabase) => void): void {
  describe(`${title} (SQLite)`, () => body(testDatabase('sqlite')));
  describe(`${title} (PostgreSQL)`, { skip: postgresSkipReason ?? false }, () => body(testDatabase('postgres')));
}
