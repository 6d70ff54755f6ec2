import { parseArgs } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AzureBlobStore } from '../blobs/azure-blob-store.ts';
import type { BlobStore } from '../blobs/blob-store.ts';
import { DiskBlobStore } from '../blobs/disk-blob-store.ts';
import { ConfigError, loadConfig, loadDotEnvFile } from '../config/config.ts';
import { isPostgresUrl, openDatabase, openSqliteDatabase } from '../db/database.ts';
import { copyInstallation, CopyVerificationError } from '../migrate/copy-installation.ts';
import { rebuildPostgresDerivedState } from '../db/postgres-derived-state.ts';

const USAGE = `Copies this installation (SQLite database and images on disk, from BRANDGEN_DATA_DIR) to PostgreSQL and Azure Blob.

  npm run migrate-to -- --database postgres://USER:PASSWORD@HOST:5432/DB [--blobs azure|keep]
  node server/dist/main.js migrate-to --database … --blobs azure

  --database  the PostgreSQL database to copy the rows into (its tables are made by the usual migrations)
  --blobs     azure: copy the images into Azure Blob, configured by AZURE_STORAGE_CONNECTION_STRING or
              AZURE_STORAGE_ACCOUNT_URL and BRANDGEN_AZURE_CONTAINER; keep: leave the images where they are

Row counts and every image's SHA-256 are verified at the end. Safe to run again: an interrupted copy resumes.`;

/** Runs the copy from the command line; returns the process exit code. */
export async function migrateToCommand(argv: string[]): Promise<number> {
  let values: { database?: string | undefined; blobs?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { database: { type: 'string' }, blobs: { type: 'string', default: 'azure' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.database || !isPostgresUrl(values.database)) {
    console.error(`--database must be a postgres:// URL.\n\n${USAGE}`);
    return 2;
  }
  if (values.blobs !== 'azure' && values.blobs !== 'keep') {
    console.error(`--blobs must be azure or keep.\n\n${USAGE}`);
    return 2;
  }
  loadDotEnvFile();
  const config = loadConfig({ ...process.env, DATABASE_URL: '', BRANDGEN_ROLE: 'all' });
  if (values.blobs === 'azure' && !config.azure) {
    console.error('--blobs azure needs AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL.');
    return 2;
  }
  const source = openSqliteDatabase(config.database);
  const target = openDatabase(values.database, { poolSize: 4 });
  const sourceBlobs = new DiskBlobStore({ root: path.join(config.dataDirectory, 'images') });
  const targetBlobs: BlobStore = values.blobs === 'azure' ? await AzureBlobStore.connect(config.azure!) : sourceBlobs;
  try {
    const report = await copyInstallation({
      source,
      target,
      sourceBlobs,
      targetBlobs,
      afterRows: (copied) => rebuildPostgresDerivedState(copied),
      onProgress: (event) => {
        if (event.stage === 'rows') console.log(`rows ${event.table} ${event.copied}/${event.total}`);
        else console.log(`images ${event.copied + event.skipped}/${event.total} (${event.skipped} already there)`);
      },
    });
    for (const table of report.tables)
      console.log(`verified ${table.table}: ${table.source} rows in the source, ${table.target} in the target`);
    console.log(
      `verified ${report.blobs.total} images by SHA-256 (${report.blobs.copied} copied now, ${report.blobs.skipped} already there)`,
    );
    console.log('The copy is complete. Start Brandgen with DATABASE_URL (and the Azure settings) pointing at the target.');
    return 0;
  } catch (error) {
    if (error instanceof CopyVerificationError || error instanceof ConfigError) console.error(error.message);
    else console.error('The copy stopped:', error instanceof Error ? error.message : error, '\nRun the same command again to resume.');
    return 1;
  } finally {
    await source.destroy();
    await target.destroy();
  }
}

// Run directly (`node …/cli/migrate-to.js`) rather than imported by main.ts.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await migrateToCommand(process.argv.slice(2));
}
