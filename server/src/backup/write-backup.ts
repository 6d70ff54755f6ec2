import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, link, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { ZipFile } from 'yazl';
import { openSqliteDatabase, type DatabaseConnection } from '../db/database.ts';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  DATABASE_ENTRY,
  IMAGES_PREFIX,
  MANIFEST_NAME,
  sha256OfFile,
  type BackupManifest,
} from './backup-manifest.ts';

export interface BackupResult {
  file: string;
  images: number;
  bytes: number;
  /** Images the database named but that were removed (by retention) while the backup ran; left out consistently. */
  droppedImages: number;
}

export interface WriteBackupOptions {
  dataDirectory: string;
  output: string;
  /** Test seam: runs after the database snapshot and before the images are collected, where a real sweep could run. */
  afterSnapshot?: () => Promise<void>;
}

/**
 * One archive with the database and every image it refers to, consistent while the server runs:
 * (1) the SQLite online backup API copies the database as of one moment; (2) every image that copy refers to is
 * hard-linked into a staging folder (a link keeps the bytes even if retention deletes the original a moment later);
 * (3) images already gone are removed from the copy the way retention removes them; (4) all is zipped with a
 * manifest of sizes and SHA-256 sums, which `restore` checks before it replaces anything.
 */
export async function writeBackup(options: WriteBackupOptions): Promise<BackupResult> {
  const dataDirectory = path.resolve(options.dataDirectory);
  const imagesRoot = path.join(dataDirectory, 'images');
  // Inside the data folder, so hard links work (same file system).
  const staging = await mkdtemp(path.join(dataDirectory, '.backup-'));
  try {
    const snapshotFile = path.join(staging, 'brandgen.sqlite');
    const source = new SqliteDatabase(path.join(dataDirectory, 'brandgen.sqlite'), { fileMustExist: true });
    try {
      await source.backup(snapshotFile);
    } finally {
      source.close();
    }
    await options.afterSnapshot?.();

    const snapshot = openSqliteDatabase(snapshotFile);
    let staged: string[];
    let dropped: number;
    try {
      await finishHalfDoneDeletions(snapshot);
      const keys = await referencedImageKeys(snapshot);
      const missing = new Set<string>();
      staged = [];
      for (const key of keys) {
        const target = path.join(staging, 'images', ...key.split('/'));
        await mkdir(path.dirname(target), { recursive: true });
        if (await linkOrCopy(path.join(imagesRoot, ...key.split('/')), target)) staged.push(key);
        else missing.add(key);
      }
      dropped = await dropMissingImages(snapshot, missing);
      // One self-contained file: no WAL beside it.
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(snapshot);
      await sql`pragma journal_mode = DELETE`.execute(snapshot);
    } finally {
      await snapshot.destroy();
    }

    const entries: Array<{ name: string; file: string }> = [
      { name: DATABASE_ENTRY, file: snapshotFile },
      ...staged.map((key) => ({ name: `${IMAGES_PREFIX}${key}`, file: path.join(staging, 'images', ...key.split('/')) })),
    ];
    const manifest: BackupManifest = { format: BACKUP_FORMAT, version: BACKUP_VERSION, created_at: new Date().toISOString(), files: [] };
    for (const entry of entries) {
      manifest.files.push({ path: entry.name, size: (await stat(entry.file)).size, sha256: await sha256OfFile(entry.file) });
    }

    const zip = new ZipFile();
    zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2)), MANIFEST_NAME);
    for (const entry of entries) zip.addFile(entry.file, entry.name, { compress: entry.name === DATABASE_ENTRY });
    zip.end();
    const output = path.resolve(options.output);
    await mkdir(path.dirname(output), { recursive: true });
    const partial = `${output}.${randomUUID()}.partial`;
    try {
      await pipeline(zip.outputStream, createWriteStream(partial));
      await rename(partial, output);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return { file: output, images: staged.length, bytes: (await stat(output)).size, droppedImages: dropped };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function linkOrCopy(source: string, target: string): Promise<boolean> {
  try {
    await link(source, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw error;
  }
  try {
    await copyFile(source, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function referencedImageKeys(database: DatabaseConnection): Promise<string[]> {
  const library = await database.selectFrom('library_images').select(['blob_key', 'thumbnail_key']).execute();
  const slots = await database.selectFrom('job_images').select('blob_key').where('status', '=', 'ready').execute();
  const inspirations = await database.selectFrom('projects').select('inspiration_key').where('inspiration_key', 'is not', null).execute();
  const keys = new Set<string>();
  for (const row of library) keys.add(row.blob_key).add(row.thumbnail_key);
  for (const row of slots) if (row.blob_key) keys.add(row.blob_key);
  for (const row of inspirations) if (row.inspiration_key) keys.add(row.inspiration_key);
  return [...keys].sort();
}

/** A deletion the sweep had begun when the snapshot was taken: its row goes from the copy, as it will from the original. */
async function finishHalfDoneDeletions(database: DatabaseConnection): Promise<void> {
  const rows = await database.selectFrom('library_images').select('seq').where('deleting_at', 'is not', null).execute();
  for (const { seq } of rows) await removeLibraryRow(database, seq);
}

async function removeLibraryRow(database: DatabaseConnection, seq: number): Promise<void> {
  await sql`delete from library_image_search where rowid = ${seq}`.execute(database);
  await database.deleteFrom('library_images').where('seq', '=', seq).execute();
}

/** Makes the copy agree with the files collected: images that vanished count as removed by retention. */
async function dropMissingImages(database: DatabaseConnection, missing: ReadonlySet<string>): Promise<number> {
  if (missing.size === 0) return 0;
  const keys = [...missing];
  const rows = await database
    .selectFrom('library_images')
    .select(['seq', 'blob_key'])
    .where((expression) => expression.or([expression('blob_key', 'in', keys), expression('thumbnail_key', 'in', keys)]))
    .execute();
  for (const row of rows) await removeLibraryRow(database, row.seq);
  await database.updateTable('job_images').set({ status: 'expired', blob_key: null }).where('blob_key', 'in', keys).execute();
  // A project whose inspiration image vanished keeps its brief, without the image.
  await database
    .updateTable('projects')
    .set({
      inspiration_key: null,
      inspiration_media_type: null,
      inspiration_width: null,
      inspiration_height: null,
      inspiration_byte_size: null,
      inspiration_sha256: null,
    })
    .where('inspiration_key', 'in', keys)
    .execute();
  return new Set(rows.map((row) => row.blob_key)).size;
}
