import type { Selectable } from 'kysely';
import type { Project } from '../domain/brand-brief.ts';
import type { DatabaseConnection } from './database.ts';
import type { ProjectsTable } from './schema.ts';

export class ProjectRepository {
  private readonly database: DatabaseConnection;

  constructor(database: DatabaseConnection) {
    this.database = database;
  }

  async insert(project: Project): Promise<void> {
    await this.database
      .insertInto('projects')
      .values({
        id: project.id,
        user_id: project.userId,
        name: project.name,
        brief: JSON.stringify(project.brief),
        created_at: project.createdAt,
        updated_at: project.updatedAt,
      })
      .execute();
  }

  async update(project: Project): Promise<boolean> {
    const result = await this.database
      .updateTable('projects')
      .set({ name: project.name, brief: JSON.stringify(project.brief), updated_at: project.updatedAt })
      .where('id', '=', project.id)
      .where('user_id', '=', project.userId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async findById(userId: string, id: string): Promise<Project | undefined> {
    const row = await this.database.selectFrom('projects').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    return row && toProject(row);
  }

  /** Newest first. */
  async listByUser(userId: string, limit: number): Promise<Project[]> {
    const rows = await this.database.selectFrom('projects').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toProject);
  }
}

function toProject(row: Selectable<ProjectsTable>): Project {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    brief: JSON.parse(row.brief),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
