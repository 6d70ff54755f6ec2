import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readZip } from './support/read-zip.ts';
import { postJson, startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';

async function waitForBatch(app: TestBrandgen, id: string, timeoutMs = 20_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const batch = (await (await fetch(`${app.baseUrl}/api/batches/${id}`)).json()) as any;
    if (batch.status !== 'running') {
      for (const job of batch.jobs) await waitForJob(app.baseUrl, job.job_id);
      return batch;
    }
    if (Date.now() > deadline) throw new Error(`batch still running: ${JSON.stringify(batch.progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeEachDatabase('batches over HTTP', (database) => {
  let app: TestBrandgen;
  before(async () => {
    app = await startTestBrandgen({ ...(await database.environment()), BRANDGEN_MAX_QUEUE: '10' }, { retentionSweepIntervalMs: 0 });
  });
  after(async () => app.close());

  test('a list of prompts becomes one job each, followed as one batch, downloadable as one ZIP', async () => {
    const response = await postJson(app.baseUrl, '/api/batches', { prompts: ['a red kite', '', '  a green kite ', 'a blue kite'] });
    assert.equal(response.status, 201);
    const created = (await response.json()) as any;
    assert.equal(response.headers.get('location'), `/api/batches/${created.id}`);
    assert.deepEqual(
      created.jobs.map((job: any) => job.prompt),
      ['a red kite', 'a green kite', 'a blue kite'],
      'blank lines skipped',
    );
    assert.equal(created.progress.jobs.total, 3);
    assert.equal(created.progress.images.total, 12);

    const done = await waitForBatch(app, created.id);
    assert.equal(done.status, 'complete');
    assert.deepEqual(done.progress, { jobs: { done: 3, total: 3 }, images: { done: 12, total: 12 } });
    assert.ok(done.jobs.every((job: any) => job.status === 'complete' && job.error === null));

    const archive = await fetch(`${app.baseUrl}${done.archive_url}`);
    assert.equal(archive.status, 200);
    assert.equal(archive.headers.get('content-type'), 'application/zip');
    const entries = await readZip(Buffer.from(await archive.arrayBuffer()));
    assert.equal(entries.size, 12);
    assert.match([...entries.keys()][0]!, /^001-a-red-kite-/);
    assert.match([...entries.keys()][11]!, /^012-a-blue-kite-/);
  });

  test('a template filled from CSV rows makes one job per row', async () => {
    const template = (await (
      await postJson(app.baseUrl, '/api/templates', { name: 'Kite', prompt: 'a {colour} kite over {place}', model: 'demo' })
    ).json()) as any;
    const csv = 'colour,place\nred,the sea\n"sky blue","hills, at dawn"\n';
    const response = await postJson(app.baseUrl, '/api/batches', { template_id: template.id, csv });
    assert.equal(response.status, 201, await response.clone().text());
    const batch = (await response.json()) as any;
    assert.equal(batch.template_id, template.id);
    assert.deepEqual(
      batch.jobs.map((job: any) => job.prompt),
      ['a red kite over the sea', 'a sky blue kite over hills, at dawn'],
    );
    assert.equal((await waitForBatch(app, batch.id)).status, 'complete');

    const missing = await postJson(app.baseUrl, '/api/batches', { template_id: template.id, csv: 'colour,place\nred,sea\ngreen,\n' });
    assert.equal(missing.status, 400);
    const body = (await missing.json()) as any;
    assert.deepEqual(body.error.fields, [{ field: 'rows.1.place', message: 'Give a value for {place}.' }]);
  });

  const invalid: Array<[string, unknown, number, string]> = [
    ['neither prompts nor a template', {}, 400, 'prompts'],
    ['both prompts and a template', { prompts: ['x'], template_id: '0190a3c4-0000-7000-8000-000000000000', csv: 'a\nb' }, 400, 'prompts'],
    ['a template without CSV', { template_id: '0190a3c4-0000-7000-8000-000000000000' }, 400, 'csv'],
    ['only blank prompts', { prompts: ['', '  '] }, 400, 'prompts'],
    ['101 prompts', { prompts: Array.from({ length: 101 }, (_, index) => `p${index}`) }, 400, 'prompts'],
    ['a 501-character prompt', { prompts: ['ok', 'a'.repeat(501)] }, 400, 'prompts.1'],
    ['an unknown model', { prompts: ['x'], model: 'nope' }, 400, 'model'],
    ['a prompt that is not text', { prompts: [1] }, 400, 'prompts.0'],
    ['more jobs than the queue holds', { prompts: Array.from({ length: 11 }, (_, index) => `p${index}`) }, 503, ''],
  ];
  for (const [name, body, status, field] of invalid) {
    test(`${status} for ${name}, and no job starts`, async () => {
      const before = ((await (await fetch(`${app.baseUrl}/api/jobs?limit=100`)).json()) as any).jobs.length;
      const response = await postJson(app.baseUrl, '/api/batches', body);
      assert.equal(response.status, status, await response.clone().text());
      const answer = (await response.json()) as any;
      if (field)
        assert.ok(
          answer.error.fields?.some((entry: any) => entry.field === field),
          JSON.stringify(answer),
        );
      const afterwards = ((await (await fetch(`${app.baseUrl}/api/jobs?limit=100`)).json()) as any).jobs.length;
      assert.equal(afterwards, before);
    });
  }

  test('unknown template 404, malformed CSV 400', async () => {
    const unknown = await postJson(app.baseUrl, '/api/batches', { template_id: '0190a3c4-0000-7000-8000-000000000000', csv: 'a\nb' });
    assert.equal(unknown.status, 404);
    const template = (await (await postJson(app.baseUrl, '/api/templates', { name: 'T', prompt: 'a {x}' })).json()) as any;
    const broken = await postJson(app.baseUrl, '/api/batches', { template_id: template.id, csv: 'x\n"unclosed' });
    assert.equal(broken.status, 400);
    assert.equal(((await broken.json()) as any).error.fields[0].field, 'csv');
    const empty = await postJson(app.baseUrl, '/api/batches', { template_id: template.id, csv: 'x\n' });
    assert.equal(empty.status, 400);
  });

  test('unknown and malformed batch ids are 404 on every route', async () => {
    for (const id of ['0190a3c4-0000-7000-8000-000000000000', 'nope']) {
      assert.equal((await fetch(`${app.baseUrl}/api/batches/${id}`)).status, 404);
      assert.equal((await fetch(`${app.baseUrl}/api/batches/${id}/archive`)).status, 404);
      assert.equal((await postJson(app.baseUrl, `/api/batches/${id}/cancel`, {})).status, 404);
    }
  });
});

describeEachDatabase('cancelling a batch', (database) => {
  test('stops the jobs that have not started; the running ones finish', async () => {
    const app = await startTestBrandgen(
      { ...(await database.environment()), BRANDGEN_CONCURRENCY: '1', BRANDGEN_DEMO_LATENCY_MS: '400' },
      { retentionSweepIntervalMs: 0 },
    );
    try {
      const created = (await (await postJson(app.baseUrl, '/api/batches', { prompts: ['one', 'two', 'three', 'four'] })).json()) as any;
      const cancel = await postJson(app.baseUrl, `/api/batches/${created.id}/cancel`, {});
      assert.equal(cancel.status, 200);
      const done = await waitForBatch(app, created.id);
      assert.equal(done.status, 'cancelled');
      assert.ok(done.cancelled_at);
      const cancelled = done.jobs.filter((job: any) => job.error?.code === 'cancelled');
      const completed = done.jobs.filter((job: any) => job.status === 'complete');
      assert.ok(cancelled.length >= 2, `at least the last two were cancelled (${JSON.stringify(done.jobs.map((job: any) => job.status))})`);
      assert.equal(cancelled.length + completed.length, 4);
      assert.ok(cancelled.every((job: any) => job.status === 'failed' && job.progress.done === 0));
      const archive = await readZip(Buffer.from(await (await fetch(`${app.baseUrl}${done.archive_url}`)).arrayBuffer()));
      assert.equal(archive.size, completed.length * 4);
    } finally {
      await app.close();
    }
  });
});
