import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import SqliteDatabase from 'better-sqlite3';
import yauzl from 'yauzl';
import { runningServerMarkPath, runningServerProcess } from './running-server-mark.ts';
import { backupManifest, DATABASE_ENTRY, isAllowedEntry, MANIFEST_NAME, type BackupManifest } from './backup-manifest.ts';

export class BackupInvalidError extends Error {
  override name = 'BackupInvalidError';
}

/** Restoring under a running server would swap its database out from under it. */
export class DataFolderInUseError extends Error {
  override name = 'DataFolderInUseError';
}

export interface RestoreResult {
  images: number;
  /** Where the data that was replaced now lives, or null when there was none. */
  previousData: string | null;
}

const DATA_ENTRIES = ['brandgen.sqlite', 'brandgen.sqlite-wal', 'brandgen.sqlite-shm', 'images'];

/**
 * Replaces the data folder's database and images with a backup's, after checking all of it: the manifest, every
 * file's size and SHA-256, no unexpected or unsafe entries, and SQLite's integrity check. Nothing is replaced unless
 * everything passes. The replaced data is moved aside, not deleted. Refuses while a server uses the data folder.
 */
export async function restoreBackup(options: { archive: string; dataDirectory: string }): Promise<RestoreResult> {
  const dataDirectory = path.resolve(options.dataDirectory);
  const serverProcess = runningServerProcess(dataDirectory);
  if (serverProcess !== null) {
    throw new DataFolderInUseError(
      `Brandgen is running on this data folder (process ${serverProcess}); stop it, then restore. ` +
        `If no Brandgen is running, delete ${runningServerMarkPath(dataDirectory)} and try again.`,
    );
  }
  await mkdir(dataDirectory, { recursive: true });
  const staging = await mkdtemp(path.join(dataDirectory, '.restore-'));
  try {
    const manifest = await extractVerified(path.resolve(options.archive), staging);
    checkDatabase(path.join(staging, 'brandgen.sqlite'));
    await mkdir(path.join(staging, 'images'), { recursive: true });

    let previousData: string | null = null;
    const present = DATA_ENTRIES.filter((name) => existsSync(path.join(dataDirectory, name)));
    if (present.length > 0) {
      previousData = path.join(
        dataDirectory,
        `.before-restore-${new Date().toISOString().replaceAll(':', '-')}-${randomUUID().slice(0, 8)}`,
      );
      await mkdir(previousData);
      for (const name of present) await rename(path.join(dataDirectory, name), path.join(previousData, name));
    }
    await rename(path.join(staging, 'brandgen.sqlite'), path.join(dataDirectory, 'brandgen.sqlite'));
    await rename(path.join(staging, 'images'), path.join(dataDirectory, 'images'));
    return { images: manifest.files.length - 1, previousData };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Checks an archive completely without touching any data; throws BackupInvalidError saying what is wrong. */
export async function verifyBackup(archive: string, scratchDirectory: string): Promise<BackupManifest> {
  const staging = await mkdtemp(path.join(scratchDirectory, '.verify-'));
  try {
    const manifest = await extractVerified(path.resolve(archive), staging);
    checkDatabase(path.join(staging, 'brandgen.sqlite'));
    return manifest;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function extractVerified(archive: string, staging: string): Promise<BackupManifest> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(archive, { lazyEntries: true, autoClose: true, strictFileNames: true, validateEntrySizes: true }, (error, file) =>
      error ? reject(new BackupInvalidError(`This is not a Brandgen backup (${error.message}).`)) : resolve(file),
    ),
  );
  const seen = new Map<string, { size: number; sha256: string }>();
  let manifestText: string | undefined;
  await new Promise<void>((resolve, reject) => {
    const fail = (error: unknown) => {
      zip.close();
      reject(error instanceof BackupInvalidError ? error : new BackupInvalidError(`The backup is damaged (${(error as Error).message}).`));
    };
    zip.on('error', fail);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName;
      if (name.endsWith('/')) return zip.readEntry();
      if (name !== MANIFEST_NAME && !isAllowedEntry(name))
        return fail(new BackupInvalidError(`The backup holds an unexpected file: ${name}`));
      if (seen.has(name) || (name === MANIFEST_NAME && manifestText !== undefined)) {
        return fail(new BackupInvalidError(`The backup holds ${name} twice.`));
      }
      zip.openReadStream(entry, (error, stream) => {
        if (error) return fail(error);
        const write = async () => {
          if (name === MANIFEST_NAME) {
            const chunks: Buffer[] = [];
            for await (const chunk of stream) chunks.push(chunk as Buffer);
            manifestText = Buffer.concat(chunks).toString('utf8');
            return;
          }
          const target = path.join(staging, name === DATABASE_ENTRY ? 'brandgen.sqlite' : name);
          const hash = createHash('sha256');
          let size = 0;
          const measure = new Transform({
            transform(chunk: Buffer, _encoding, callback) {
              hash.update(chunk);
              size += chunk.length;
              callback(null, chunk);
            },
          });
          await mkdir(path.dirname(target), { recursive: true });
          await pipeline(stream, measure, createWriteStream(target));
          seen.set(name, { size, sha256: hash.digest('hex') });
        };
        write().then(() => zip.readEntry(), fail);
      });
    });
    zip.readEntry();
  });

  if (manifestText === undefined) throw new BackupInvalidError('The backup has no manifest.json, so it cannot be checked.');
  let manifest: BackupManifest;
  try {
    manifest = backupManifest.parse(JSON.parse(manifestText));
  } catch {
    throw new BackupInvalidError('The backup manifest is not one this version of Brandgen understands.');
  }
  const listed = new Map(manifest.files.map((file) => [file.path, file]));
  if (!listed.has(DATABASE_ENTRY)) throw new BackupInvalidError('The backup has no database.');
  for (const [name, expected] of listed) {
    const actual = seen.get(name);
    if (!actual) throw new BackupInvalidError(`The backup is missing ${name}.`);
    if (actual.size !== expected.size || actual.sha256 !== expected.sha256) {
      throw new BackupInvalidError(`The backup is damaged: ${name} does not match its checksum.`);
    }
  }
  for (const name of seen.keys()) {
    if (!listed.has(name)) throw new BackupInvalidError(`The backup holds ${name}, which its manifest does not list.`);
  }
  return manifest;
}

function checkDatabase(file: string): void {
  let database: SqliteDatabase.Database | undefined;
  try {
    database = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    const result = database.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new BackupInvalidError(`The backup's database fails SQLite's integrity check (${String(result)}).`);
    database.prepare('select count(*) from jobs').get();
  } catch (error) {
    if (error instanceof BackupInvalidError) throw error;
    throw new BackupInvalidError(`The backup's database cannot be read (${(error as Error).message}).`);
  } finally {
    database?.close();
  }
}
