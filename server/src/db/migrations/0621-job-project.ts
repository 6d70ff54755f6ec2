import type { Kysely } from 'kysely';

/**
 * The project a job was started from, as a column (it was only inside the settings JSON), so a project's event stream
 * can find the project's jobs. Jobs already stored take it from their settings.
 */
export async function up(database: Kysely<any>): Promise<void> {
  await database.schema.alterTable('jobs').addColumn('project_id', 'text').execute();
  await database.schema.createIndex('jobs_project_id').on('jobs').columns(['project_id', 'id']).execute();
  const rows: Array<{ id: string; settings: string }> = await database
    .selectFrom('jobs')
    .select(['id', 'settings'])
    .where('settings', 'like', '%"projectId"%')
    .execute();
  for (const row of rows) {
    const projectId = (JSON.parse(row.settings) as { projectId?: unknown }).projectId;
    if (typeof projectId !== 'string') continue;
    await database.updateTable('jobs').set({ project_id: projectId }).where('id', '=', row.id).execute();
  }
}

export async function down(database: Kysely<any>): Promise<void> {
  await database.schema.dropIndex('jobs_project_id').execute();
  await database.schema.alterTable('jobs').dropColumn('project_id').execute();
}
