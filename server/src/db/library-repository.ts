import { sql, type Selectable } from 'kysely';
import { brandFitOf } from '../domain/brand-fit-result.ts';
import type { LibraryFilter, LibraryImage, LibraryOrder, LibraryPosition } from '../domain/library-image.ts';
import { parseImageRefinement, searchWords } from '../domain/library-image.ts';
import type { DatabaseConnection, RepositoryOptions } from './database.ts';
import type { PromptSearch } from './prompt-search.ts';
import type { LibraryImagesTable } from './schema.ts';

export type NewLibraryImage = Omit<LibraryImage, 'seq'>;

/** Thin access to the library tables. Rows being deleted (`deleting_at` set) are invisible to every read but the sweep's. */
export class LibraryRepository {
  private readonly database: DatabaseConnection;
  private readonly search: PromptSearch;

  constructor(options: RepositoryOptions & { search: PromptSearch }) {
    this.database = options.database;
    this.search = options.search;
  }

  /** Adds an image unless its job slot is already in the library; the stored image either way. */
  async insert(image: NewLibraryImage): Promise<LibraryImage> {
    return this.database.transaction().execute(async (transaction) => {
      const existing = await transaction
        .selectFrom('library_images')
        .selectAll()
        .where('job_id', '=', image.jobId)
        .where('slot', '=', image.slot)
        .executeTakeFirst();
      if (existing) return toImage(existing);
      const { seq } = await transaction
        .insertInto('library_images')
        .values({
          id: image.id,
          user_id: image.userId,
          job_id: image.jobId,
          slot: image.slot,
          prompt: image.prompt,
          model: image.model,
          asset_type: image.assetType,
          project_id: image.projectId,
          parent_id: image.parentId,
          refinement: image.refinement === null ? null : JSON.stringify(image.refinement),
          seed: image.seed,
          width: image.width,
          height: image.height,
          blob_key: image.blobKey,
          thumbnail_key: image.thumbnailKey,
          thumbnail_etag: image.thumbnailEtag,
          placeholder: image.placeholder,
          brand_id: image.brand.id,
          brand_version: image.brand.version,
          favorite: image.favorite ? 1 : 0,
          created_at: image.createdAt,
          expires_at: image.expiresAt,
          brand_fit: image.brandFit?.score ?? null,
          brand_fit_reason: image.brandFit?.reason ?? null,
        })
        .returning('seq')
        .executeTakeFirstOrThrow();
      await this.search.index(transaction, seq, image.prompt);
      return { ...image, seq };
    });
  }

  async findById(userId: string, id: string): Promise<LibraryImage | undefined> {
    return this.findLive(id, userId);
  }

  /** An image whoever owns it, for those who may see every user's images (administrators). */
  async findByIdOfAnyOwner(id: string): Promise<LibraryImage | undefined> {
    return this.findLive(id);
  }

  /** An image not being deleted; of this owner only, when one is named. */
  private async findLive(id: string, userId?: string): Promise<LibraryImage | undefined> {
    let query = this.database.selectFrom('library_images').selectAll().where('id', '=', id).where('deleting_at', 'is', null);
    if (userId !== undefined) query = query.where('user_id', '=', userId);
    const row = await query.executeTakeFirst();
    return row && toImage(row);
  }

  async findManyByIds(userId: string, ids: readonly string[]): Promise<LibraryImage[]> {
    if (ids.length === 0) return [];
    const rows = await this.database
      .selectFrom('library_images')
      .selectAll()
      .where('id', 'in', [...ids])
      .where('user_id', '=', userId)
      .where('deleting_at', 'is', null)
      .execute();
    return rows.map(toImage);
  }

  async listByJobIds(userId: string, jobIds: readonly string[]): Promise<LibraryImage[]> {
    if (jobIds.length === 0) return [];
    const rows = await this.database
      .selectFrom('library_images')
      .selectAll()
      .where('job_id', 'in', [...jobIds])
      .where('user_id', '=', userId)
      .where('deleting_at', 'is', null)
      .execute();
    return rows.map(toImage);
  }

  /**
   * A page of a user's images, newest first or best brand fit first; `after` continues after the previous page's last
   * image (its seq, and in brand-fit order its fit, -1 for unscored images, which come last).
   */
  async list(
    userId: string,
    filter: LibraryFilter,
    page: { limit: number; order?: LibraryOrder; after?: LibraryPosition },
  ): Promise<LibraryImage[]> {
    let query = this.database.selectFrom('library_images').selectAll().where('user_id', '=', userId).where('deleting_at', 'is', null);
    if (filter.favorite !== undefined) query = query.where('favorite', '=', filter.favorite ? 1 : 0);
    if (filter.model !== undefined) query = query.where('model', '=', filter.model);
    if (filter.assetType !== undefined) query = query.where('asset_type', '=', filter.assetType);
    if (filter.projectId !== undefined) query = query.where('project_id', '=', filter.projectId);
    if (filter.parentId !== undefined) query = query.where('parent_id', '=', filter.parentId);
    if (filter.jobId !== undefined) query = query.where('job_id', '=', filter.jobId);
    const { brandId, batchId } = filter;
    if (batchId !== undefined) {
      query = query.where('job_id', 'in', (expression) =>
        expression.selectFrom('batch_jobs').select('batch_jobs.job_id').where('batch_jobs.batch_id', '=', batchId),
      );
    }
    if (brandId !== undefined) {
      query = query.where('job_id', 'in', (expression) =>
        expression.selectFrom('jobs').select('jobs.id').where('jobs.brand_id', '=', brandId),
      );
    }
    if (filter.createdFrom !== undefined) query = query.where('created_at', '>=', filter.createdFrom);
    if (filter.createdBefore !== undefined) query = query.where('created_at', '<', filter.createdBefore);
    if (filter.minBrandFit !== undefined) query = query.where('brand_fit', '>=', filter.minBrandFit);
    if (filter.text !== undefined) query = this.search.filter(query, searchWords(filter.text));
    const after = page.after;
    if (page.order !== 'brand_fit') {
      if (after !== undefined) query = query.where('seq', '<', after.seq);
      return (await query.orderBy('seq', 'desc').limit(page.limit).execute()).map(toImage);
    }
    // Unscored images as -1, so they sort last the same way on both engines (their NULL orders differ).
    const fit = sql<number>`coalesce(brand_fit, -1)`;
    if (after !== undefined) {
      const afterFit = after.fit ?? -1;
      query = query.where((where) =>
        where.or([where(fit, '<', afterFit), where.and([where(fit, '=', afterFit), where('seq', '<', after.seq)])]),
      );
    }
    return (await query.orderBy(fit, 'desc').orderBy('seq', 'desc').limit(page.limit).execute()).map(toImage);
  }

  async setFavorite(userId: string, id: string, favorite: boolean, expiresAt: string | null): Promise<boolean> {
    const result = await this.database
      .updateTable('library_images')
      .set({ favorite: favorite ? 1 : 0, expires_at: expiresAt })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('deleting_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Job slots of filed jobs that are stored but not in the library, oldest first. Jobs not yet filed are left out: the
   * worker files those itself, with their scores.
   */
  async listMissingSlots(limit: number): Promise<Array<{ jobId: string; slot: number }>> {
    const rows = await this.database
      .selectFrom('job_images')
      .innerJoin('jobs', 'jobs.id', 'job_images.job_id')
      .leftJoin('library_images', (join) =>
        join.onRef('library_images.job_id', '=', 'job_images.job_id').onRef('library_images.slot', '=', 'job_images.slot'),
      )
      .select(['job_images.job_id as jobId', 'job_images.slot as slot'])
      .where('job_images.status', '=', 'ready')
      .where('jobs.filed_at', 'is not', null)
      .where('library_images.id', 'is', null)
      .orderBy('job_images.job_id')
      // A full key: PostgreSQL returns ties in no fixed order (SQLite happens to use rowid order), and a limited page
      // must be the same on both engines.
      .orderBy('job_images.slot')
      .limit(limit)
      .execute();
    return rows;
  }

  /** Images whose time is up, oldest first. */
  async listExpired(now: string, limit: number): Promise<LibraryImage[]> {
    const rows = await this.database
      .selectFrom('library_images')
      .selectAll()
      .where('expires_at', '<=', now)
      .where('favorite', '=', 0)
      .where('deleting_at', 'is', null)
      .orderBy('expires_at')
      // The four images of a job expire at the same moment; seq breaks the tie the same way on both engines.
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toImage);
  }

  /** Deletions begun but not finished, e.g. by a sweep that was interrupted. */
  async listDeleting(limit: number): Promise<LibraryImage[]> {
    const rows = await this.database
      .selectFrom('library_images')
      .selectAll()
      .where('deleting_at', 'is not', null)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toImage);
  }

  /**
   * First step of a deletion: hides the image and marks its job slot expired, in one transaction.
   * Only a non-favorite whose time is up qualifies when `expiredBy` is given, so an image starred a moment ago stays.
   */
  async beginDeletion(image: LibraryImage, now: string, expiredBy?: string): Promise<boolean> {
    return this.database.transaction().execute(async (transaction) => {
      let update = transaction
        .updateTable('library_images')
        .set({ deleting_at: now })
        .where('id', '=', image.id)
        .where('deleting_at', 'is', null);
      if (expiredBy !== undefined) update = update.where('favorite', '=', 0).where('expires_at', '<=', expiredBy);
      const result = await update.executeTakeFirst();
      if (result.numUpdatedRows === 0n) return false;
      await transaction
        .updateTable('job_images')
        .set({ status: 'expired', blob_key: null, completed_at: now })
        .where('job_id', '=', image.jobId)
        .where('slot', '=', image.slot)
        .execute();
      return true;
    });
  }

  /** Last step, once the files are gone: removes the row, its search entry, and the job when no image of it is left. */
  async finishDeletion(image: LibraryImage): Promise<void> {
    await this.database.transaction().execute(async (transaction) => {
      await this.search.remove(transaction, image.seq, image.prompt);
      await transaction.deleteFrom('library_images').where('id', '=', image.id).execute();
      const remaining = await transaction
        .selectFrom('job_images')
        .select('slot')
        .where('job_id', '=', image.jobId)
        .where('status', 'in', ['pending', 'ready'])
        .executeTakeFirst();
      if (!remaining) await transaction.deleteFrom('jobs').where('id', '=', image.jobId).execute();
    });
  }
}

function toImage(row: Selectable<LibraryImagesTable>): LibraryImage {
  return {
    id: row.id,
    seq: Number(row.seq),
    userId: row.user_id,
    jobId: row.job_id,
    slot: row.slot,
    prompt: row.prompt,
    model: row.model,
    assetType: row.asset_type,
    projectId: row.project_id,
    parentId: row.parent_id,
    refinement: parseImageRefinement(row.refinement),
    seed: Number(row.seed),
    width: row.width,
    height: row.height,
    blobKey: row.blob_key,
    thumbnailKey: row.thumbnail_key,
    thumbnailEtag: row.thumbnail_etag,
    placeholder: row.placeholder,
    favorite: row.favorite === 1,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    brandFit: brandFitOf(row.brand_fit, row.brand_fit_reason),
    brand: { id: row.brand_id, version: Number(row.brand_version) },
  };
}
