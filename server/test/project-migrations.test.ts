import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Kysely } from 'kysely';
import { migrateToLatest, newMigrator, openDatabase, type DatabaseConnection } from '../src/db/database.ts';
import { JobRepository } from '../src/db/job-repository.ts';
import { ProjectRepository } from '../src/db/project-repository.ts';
import { describeEachDatabase } from './support/test-database.ts';
import { storedJobRow as jobRow } from './support/stored-job-row.ts';

const projectId = '0190f1c4-0000-7000-8000-0000000001bb';

describeEachDatabase('projects and jobs stored before 0620 and 0621', (database) => {
  let connection: DatabaseConnection;
  before(async () => {
    connection = openDatabase((await database.environment()).DATABASE_URL ?? ':memory:');
  });
  after(async () => connection.destroy());

  test('a project has no stored prompts yet, and each job takes the project its settings name', async () => {
    const { error } = await (await newMigrator(connection)).migrateTo('0603-image-brand');
    assert.equal(error, undefined);
    const old = connection as unknown as Kysely<any>;
    await old
      .insertInto('projects')
      .values({
        id: projectId,
        user_id: 'user-a',
        name: 'Launch',
        brief: JSON.stringify({ brandName: 'Acme' }),
        created_at: '2025-01-01T00:00:00.000Z',
        updated_at: '2025-01-01T00:00:00.000Z',
      })
      .execute();
    await old
      .insertInto('jobs')
      .values([jobRow('0190f1c4-0000-7000-8000-0000000001a1', { projectId }), jobRow('0190f1c4-0000-7000-8000-0000000001a2', {})])
      .execute();

    await migrateToLatest(connection);
    const project = await new ProjectRepository({ database: connection }).findById('user-a', projectId);
    assert.equal(project?.expansion, null);
    const jobs = new JobRepository({ database: connection });
    assert.equal(await jobs.newestGroupJobId({ projectId }), '0190f1c4-0000-7000-8000-0000000001a1');
    assert.deepEqual(await jobs.listGroupJobIds({ projectId }, { afterId: '', named: [] }), ['0190f1c4-0000-7000-8000-0000000001a1']);
  });
});
