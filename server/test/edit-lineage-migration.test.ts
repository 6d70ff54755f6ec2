import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Kysely, Transaction } from 'kysely';
import { migrateToLatest, newMigrator, openDatabase, type DatabaseConnection } from '../src/db/database.ts';
import { JobRepository } from '../src/db/job-repository.ts';
import { LibraryRepository } from '../src/db/library-repository.ts';
import { promptSearchFor } from '../src/db/prompt-search.ts';
import type { Database } from '../src/db/schema.ts';
import { describeEachDatabase } from './support/test-database.ts';

const id = (suffix: string) => `0190f1c4-0000-7000-8000-0000000000${suffix}`;
const PROMPT = 'a lighthouse at dawn';

/** A finished job as the jobs table held it before 0604: an edit's prompt was its instruction. */
function jobRow(jobId: string, prompt: string, createdAt: string, settings: Record<string, unknown>) {
  return {
    id: jobId,
    user_id: 'user-a',
    prompt,
    final_prompt: prompt,
    negative_prompt: '',
    model: 'demo',
    status: 'complete',
    settings: JSON.stringify({ seed: 1, size: '1024x1024', ...settings }),
    source_job_id: null,
    error_code: null,
    error_message: null,
    created_at: createdAt,
    started_at: null,
    completed_at: null,
  };
}

function imageRow(imageId: string, jobId: string, prompt: string, parentId: string | null, refinement: unknown) {
  return {
    id: imageId,
    user_id: 'user-a',
    job_id: jobId,
    slot: 0,
    prompt,
    model: 'demo',
    asset_type: null,
    project_id: null,
    parent_id: parentId,
    refinement: refinement === null ? null : JSON.stringify(refinement),
    seed: 1,
    width: 1024,
    height: 1024,
    blob_key: `jobs/${jobId}/0.png`,
    thumbnail_key: `thumbnails/${imageId}.webp`,
    thumbnail_etag: '"x"',
    placeholder: '',
    created_at: '2025-01-01T00:00:00.000Z',
    expires_at: null,
  };
}

const edit = (instruction: string, sourcePrompt: string, parentImageId: string) => ({
  parentImageId,
  refinement: { kind: 'edit', instruction, sourcePrompt, sourceBlobKey: 'jobs/x/0.png' },
});

describeEachDatabase('edits made while an edit stored its instruction as its prompt', (database) => {
  let connection: DatabaseConnection;
  let url: string;
  before(async () => {
    url = (await database.environment()).DATABASE_URL ?? ':memory:';
    connection = openDatabase(url);
  });
  after(async () => connection.destroy());

  test('take the prompt of the image they edit, an edit of an edit too, and are found by its words', async () => {
    const { error } = await (await newMigrator(connection)).migrateTo('0603-image-brand');
    assert.equal(error, undefined);
    const old = connection as unknown as Kysely<any>;
    const search = promptSearchFor(url);
    // The source, an edit of it, and an edit of that edit, whose recorded source prompt was the first instruction.
    const rows = [
      { job: jobRow(id('a1'), PROMPT, '2025-01-01T00:00:00.000Z', {}), image: imageRow(id('b1'), id('a1'), PROMPT, null, null) },
      {
        job: jobRow(id('a2'), 'make the background blue', '2025-01-01T00:01:00.000Z', edit('make the background blue', PROMPT, id('b1'))),
        image: imageRow(id('b2'), id('a2'), 'make the background blue', id('b1'), {
          kind: 'edit',
          instruction: 'make the background blue',
        }),
      },
      {
        job: jobRow(id('a3'), 'add a red boat', '2025-01-01T00:02:00.000Z', edit('add a red boat', 'make the background blue', id('b2'))),
        image: imageRow(id('b3'), id('a3'), 'add a red boat', id('b2'), { kind: 'edit', instruction: 'add a red boat' }),
      },
    ];
    for (const { job, image } of rows) {
      await old.insertInto('jobs').values(job).execute();
      await old.insertInto('library_images').values(image).execute();
      const { seq } = await old.selectFrom('library_images').select('seq').where('id', '=', image.id).executeTakeFirstOrThrow();
      await search.index(connection as unknown as Transaction<Database>, Number(seq), image.prompt);
    }

    await migrateToLatest(connection);
    const jobs = new JobRepository({ database: connection });
    for (const [jobId, instruction] of [
      [id('a2'), 'make the background blue'],
      [id('a3'), 'add a red boat'],
    ] as const) {
      const job = await jobs.findById(jobId);
      assert.equal(job?.prompt, PROMPT, 'the prompt of the first image');
      assert.equal(job?.finalPrompt, instruction, 'what the model was sent stays as it was');
      assert.deepEqual(job?.settings.refinement, { kind: 'edit', instruction, sourcePrompt: PROMPT, sourceBlobKey: 'jobs/x/0.png' });
    }
    const library = new LibraryRepository({ database: connection, search });
    const third = await library.findById('user-a', id('b3'));
    assert.equal(third?.prompt, PROMPT);
    assert.deepEqual(third?.refinement, { kind: 'edit', instruction: 'add a red boat' }, 'the instruction is kept beside it');
    const found = await library.list('user-a', { text: 'lighthouse' }, { limit: 10 });
    assert.deepEqual(found.map((image) => image.id).sort(), [id('b1'), id('b2'), id('b3')]);
    assert.deepEqual(await library.list('user-a', { text: 'boat' }, { limit: 10 }), [], 'instructions are no longer prompt words');
  });
});
