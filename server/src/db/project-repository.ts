import type { Selectable } from 'kysely';
import type { Project, ProjectExpansion, ProjectInspiration } from '../domain/brand-brief.ts';
import type { DatabaseConnection, RepositoryOptions } from './database.ts';
import type { ProjectsTable } from './schema.ts';

export interface ProjectImageSummary {
  count: number;
  /** The newest image. */
  coverImageId: string;
  lastImageAt: string;
}

export class ProjectRepository {
  private readonly database: DatabaseConnection;

  constructor(options: RepositoryOptions) {
    this.database = options.database;
  }

  async insert(project: Project): Promise<void> {
    await this.database
      .insertInto('projects')
      .values({
        id: project.id,
        user_id: project.userId,
        name: project.name,
        brief: JSON.stringify(project.brief),
        brand_id: project.brandId,
        created_at: project.createdAt,
        updated_at: project.updatedAt,
        expansion: project.expansion && JSON.stringify(project.expansion),
        ...inspirationColumns(project.inspiration),
      })
      .execute();
  }

  async update(project: Project): Promise<boolean> {
    const result = await this.database
      .updateTable('projects')
      .set({ name: project.name, brief: JSON.stringify(project.brief), brand_id: project.brandId, updated_at: project.updatedAt })
      .where('id', '=', project.id)
      .where('user_id', '=', project.userId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Replaces the stored expansion; false when the project is gone. */
  async replaceExpansion(userId: string, id: string, expansion: ProjectExpansion): Promise<boolean> {
    const result = await this.database
      .updateTable('projects')
      .set({ expansion: JSON.stringify(expansion), updated_at: expansion.expandedAt })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Sets or clears the inspiration image; answers the blob key it replaced, so the caller can delete that blob. A
   * compare-and-set on the old key, retried, keeps two uploads at once from both believing they replaced the same blob.
   */
  async replaceInspiration(
    userId: string,
    id: string,
    inspiration: ProjectInspiration | null,
    updatedAt: string,
  ): Promise<{ found: boolean; previousKey: string | null }> {
    for (;;) {
      const row = await this.database
        .selectFrom('projects')
        .select('inspiration_key')
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!row) return { found: false, previousKey: null };
      const previousKey = row.inspiration_key;
      const result = await this.database
        .updateTable('projects')
        .set({ ...inspirationColumns(inspiration), updated_at: updatedAt })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where((expression) =>
          previousKey === null ? expression('inspiration_key', 'is', null) : expression('inspiration_key', '=', previousKey),
        )
        .executeTakeFirst();
      if (result.numUpdatedRows > 0n) return { found: true, previousKey };
    }
  }

  /** Removes the project; answers the row as it was, or undefined when there was none. */
  async delete(userId: string, id: string): Promise<Project | undefined> {
    const project = await this.findById(userId, id);
    if (!project) return undefined;
    const result = await this.database.deleteFrom('projects').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    return result.numDeletedRows > 0n ? project : undefined;
  }

  async findById(userId: string, id: string): Promise<Project | undefined> {
    const row = await this.database
      .selectFrom('projects')
      .selectAll()
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row && toProject(row);
  }

  /**
   * How many library images each project has, and its newest (the cover), in two reads for the whole list; projects
   * without images are left out.
   */
  async imageSummaries(userId: string, projectIds: readonly string[]): Promise<Map<string, ProjectImageSummary>> {
    const summaries = new Map<string, ProjectImageSummary>();
    if (projectIds.length === 0) return summaries;
    const counts = await this.database
      .selectFrom('library_images')
      .select((expression) => ['project_id', expression.fn.countAll<number>().as('count'), expression.fn.max('seq').as('newest')])
      .where('user_id', '=', userId)
      .where('project_id', 'in', [...projectIds])
      .where('deleting_at', 'is', null)
      .groupBy('project_id')
      .execute();
    if (counts.length === 0) return summaries;
    const covers = await this.database
      .selectFrom('library_images')
      .select(['seq', 'id', 'created_at'])
      .where(
        'seq',
        'in',
        counts.map((row) => Number(row.newest)),
      )
      .execute();
    const coverBySeq = new Map(covers.map((row) => [Number(row.seq), row]));
    for (const row of counts) {
      const cover = coverBySeq.get(Number(row.newest));
      if (row.project_id === null || !cover) continue;
      summaries.set(row.project_id, { count: Number(row.count), coverImageId: cover.id, lastImageAt: cover.created_at });
    }
    return summaries;
  }

  /** Newest first. */
  async listByUser(userId: string, limit: number): Promise<Project[]> {
    const rows = await this.database
      .selectFrom('projects')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toProject);
  }
}

function inspirationColumns(inspiration: ProjectInspiration | null) {
  return {
    inspiration_key: inspiration?.blobKey ?? null,
    inspiration_media_type: inspiration?.mediaType ?? null,
    inspiration_width: inspiration?.width ?? null,
    inspiration_height: inspiration?.height ?? null,
    inspiration_byte_size: inspiration?.byteSize ?? null,
    inspiration_sha256: inspiration?.sha256 ?? null,
  };
}

function toProject(row: Selectable<ProjectsTable>): Project {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    brief: JSON.parse(row.brief),
    inspiration: row.inspiration_key
      ? {
          blobKey: row.inspiration_key,
          mediaType: row.inspiration_media_type ?? 'image/webp',
          width: Number(row.inspiration_width),
          height: Number(row.inspiration_height),
          byteSize: Number(row.inspiration_byte_size),
          sha256: row.inspiration_sha256 ?? '',
        }
      : null,
    brandId: row.brand_id,
    expansion: row.expansion === null ? null : (JSON.parse(row.expansion) as ProjectExpansion),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
