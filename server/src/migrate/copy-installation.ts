import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { BlobStore } from '../blobs/blob-store.ts';
import { migrateToLatest } from '../db/database.ts';

export interface CopyProgress {
  (
    event:
      { stage: 'rows'; table: string; copied: number; total: number } | { stage: 'blobs'; copied: number; skipped: number; total: number },
  ): void;
}

export interface CopyReport {
  tables: Array<{ table: string; source: number; target: number }>;
  blobs: { total: number; copied: number; skipped: number };
}

export class CopyVerificationError extends Error {
  override name = 'CopyVerificationError';
}

const BATCH_ROWS = 500;

/**
 * Copies an installation's rows and images to another database and blob store, then verifies row counts and
 * every image's SHA-256. Every step is idempotent (rows already there are left alone, images already there with
 * the right checksum are not sent again), so an interrupted copy is resumed by running it again.
 * Tables are found in the source database, so tables added by later features are copied without changes here.
 */
export async function copyInstallation(options: {
  source: Kysely<any>;
  target: Kysely<any>;
  sourceBlobs: BlobStore;
  targetBlobs: BlobStore;
  onProgress?: CopyProgress;
  /** Rebuilds what the target derives from the copied rows (its word index, identity counters); run on every resume. */
  afterRows?: (target: Kysely<any>) => Promise<void>;
}): Promise<CopyReport> {
  const { source, target, sourceBlobs, targetBlobs } = options;
  await migrateToLatest(source);
  await migrateToLatest(target);
  // Only tables the target's migrations made: SQLite's full-text index and its shadow tables stay behind, and the
  // target builds its own word index below.
  const targetTables = new Set((await target.introspection.getTables()).map((table) => table.name));
  const tables = (await tablesInDependencyOrder(source)).filter((table) => targetTables.has(table));
  for (const table of tables) {
    const total = await countRows(source, table);
    const key = await primaryKeyOf(source, table);
    let copied = 0;
    for (let offset = 0; offset < total; offset += BATCH_ROWS) {
      let query = source.selectFrom(table).selectAll();
      for (const column of key) query = query.orderBy(column);
      const rows = await query.limit(BATCH_ROWS).offset(offset).execute();
      if (rows.length === 0) break;
      await target
        .insertInto(table)
        .values(rows)
        .onConflict((conflict) => conflict.doNothing())
        .execute();
      copied += rows.length;
      options.onProgress?.({ stage: 'rows', table, copied, total });
    }
  }

  await options.afterRows?.(target);

  const images = await blobsToCopy(source, tables);
  // Files without a recorded checksum (thumbnails) are checked against the source's own bytes.
  for (const image of images) {
    if (image.sha256) continue;
    const bytes = await sourceBlobs.read(image.blob_key);
    if (!bytes) throw new CopyVerificationError(`The file ${image.blob_key} is missing from the source; nothing was changed for it.`);
    image.sha256 = sha256(bytes);
  }
  let copiedBlobs = 0;
  let skippedBlobs = 0;
  for (const image of images as Array<{ blob_key: string; sha256: string | null }>) {
    const existing = await targetBlobs.read(image.blob_key);
    if (existing && sha256(existing) === image.sha256) skippedBlobs += 1;
    else {
      const bytes = await sourceBlobs.read(image.blob_key);
      if (!bytes) throw new CopyVerificationError(`The image ${image.blob_key} is missing from the source; nothing was changed for it.`);
      if (sha256(bytes) !== image.sha256) {
        throw new CopyVerificationError(`The image ${image.blob_key} in the source does not match its recorded checksum.`);
      }
      await targetBlobs.put(image.blob_key, bytes, contentTypeOf(image.blob_key));
      copiedBlobs += 1;
    }
    options.onProgress?.({ stage: 'blobs', copied: copiedBlobs, skipped: skippedBlobs, total: images.length });
  }

  // Verification reads everything back from the target.
  const report: CopyReport = { tables: [], blobs: { total: images.length, copied: copiedBlobs, skipped: skippedBlobs } };
  for (const table of tables) {
    const counts = { table, source: await countRows(source, table), target: await countRows(target, table) };
    report.tables.push(counts);
    if (counts.target < counts.source) {
      throw new CopyVerificationError(`${table}: ${counts.target} rows in the target, ${counts.source} in the source.`);
    }
  }
  for (const image of images as Array<{ blob_key: string; sha256: string | null }>) {
    const stored = await targetBlobs.read(image.blob_key);
    if (!stored || sha256(stored) !== image.sha256) {
      throw new CopyVerificationError(`The image ${image.blob_key} in the target does not match its checksum.`);
    }
  }
  return report;
}

/**
 * Every stored file the rows refer to: job images, project inspiration images and training-set pictures with their
 * recorded checksums, and library thumbnails, whose bytes are compared as read back.
 */
async function blobsToCopy(source: Kysely<any>, tables: string[]): Promise<Array<{ blob_key: string; sha256: string | null }>> {
  const images = (await source
    .selectFrom('job_images')
    .select(['blob_key', 'sha256'])
    .where('blob_key', 'is not', null)
    .orderBy('job_id')
    .orderBy('slot')
    .execute()) as Array<{ blob_key: string; sha256: string | null }>;
  const inspirations = tables.includes('projects')
    ? ((await source
        .selectFrom('projects')
        .select(['inspiration_key as blob_key', 'inspiration_sha256 as sha256'])
        .where('inspiration_key', 'is not', null)
        .orderBy('id')
        .execute()) as Array<{ blob_key: string; sha256: string | null }>)
    : [];
  const trainingImages = tables.includes('training_set_images')
    ? ((await source.selectFrom('training_set_images').select(['blob_key', 'sha256']).orderBy('id').execute()) as Array<{
        blob_key: string;
        sha256: string | null;
      }>)
    : [];
  inspirations.push(...trainingImages);
  if (!tables.includes('library_images')) return [...images, ...inspirations];
  const thumbnails = (await source.selectFrom('library_images').select('thumbnail_key as blob_key').orderBy('seq').execute()) as Array<{
    blob_key: string;
  }>;
  return [...images, ...inspirations, ...thumbnails.map((thumbnail) => ({ blob_key: thumbnail.blob_key, sha256: null }))];
}

/** Blob keys end in their format's extension; Azure serves the blob with this type. */
function contentTypeOf(key: string): string {
  return key.endsWith('.webp') ? 'image/webp' : 'image/png';
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function countRows(database: Kysely<any>, table: string): Promise<number> {
  const row = await database
    .selectFrom(table)
    .select((expression) => expression.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** SQLite's own description of the source's tables: parents before the tables whose foreign keys point at them. */
async function tablesInDependencyOrder(database: Kysely<any>): Promise<string[]> {
  const tables = (await database.introspection.getTables())
    .map((table) => table.name)
    .filter((name) => !name.startsWith('kysely_') && !name.startsWith('sqlite_'));
  const parents = new Map<string, string[]>();
  for (const table of tables) {
    const keys = await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${table})`.execute(database);
    parents.set(
      table,
      keys.rows.map((row) => row.table).filter((parent) => parent !== table),
    );
  }
  const ordered: string[] = [];
  const visit = (table: string, path: string[]) => {
    if (ordered.includes(table) || path.includes(table)) return;
    for (const parent of parents.get(table) ?? []) visit(parent, [...path, table]);
    ordered.push(table);
  };
  for (const table of tables.sort()) visit(table, []);
  return ordered;
}

async function primaryKeyOf(database: Kysely<any>, table: string): Promise<string[]> {
  const columns = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${table})`.execute(database);
  const key = columns.rows
    .filter((column) => column.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((column) => column.name);
  return key.length > 0 ? key : columns.rows.map((column) => column.name);
}
