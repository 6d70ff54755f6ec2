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
    assert.deepEqual(body.error.fields, [{ field: 'rows.1.place', message: 'Row 2 leaves place empty; give it a value.' }]);
  });

  test('rows that do not fit the template are named once each, in plain words', async () => {
    const template = (await (
      await postJson(app.baseUrl, '/api/templates', { name: 'Mockup', prompt: 'a {product} on a {surface}', model: 'demo' })
    ).json()) as any;
    const short = await postJson(app.baseUrl, '/api/batches', {
      template_id: template.id,
      csv: 'product,surface\nmug,oak table\nbottle,marble\nposter\n',
    });
    assert.equal(short.status, 400);
    assert.deepEqual(((await short.json()) as any).error.fields, [
      { field: 'rows.2', message: 'Row 3 has 1 value; the template needs 2: product, surface.' },
    ]);

    const header = await postJson(app.baseUrl, '/api/batches', { template_id: template.id, csv: 'product,colour\nmug,red\n' });
    assert.deepEqual(((await header.json()) as any).error.fields, [
      { field: 'csv', message: "The first row must name the template's placeholders: product, surface. It misses: surface." },
    ]);

    const quote = await postJson(app.baseUrl, '/api/batches', { template_id: template.id, csv: 'product,surface\nmug,"oak\n' });
    const message = ((await quote.json()) as any).error.fields[0].message as string;
    assert.equal(message, 'A quotation mark on line 2 is never closed. Close it with a second ", or remove it.');
  });

  test("the batches are listed newest first, a page at a time, with each slot's thumbnail", async () => {
    const own = await startTestBrandgen({ ...(await database.environment()) }, { retentionSweepIntervalMs: 0 });
    try {
      const made: string[] = [];
      for (const prompt of ['first kite', 'second kite', 'third kite']) {
        made.push(((await (await postJson(own.baseUrl, '/api/batches', { prompts: [prompt] })).json()) as any).id);
      }
      for (const id of made) await waitForBatch(own, id);
      const first = (await (await fetch(`${own.baseUrl}/api/batches?limit=2`)).json()) as any;
      assert.deepEqual(
        first.batches.map((batch: any) => batch.id),
        [made[2], made[1]],
      );
      assert.equal(typeof first.next_cursor, 'string');
      const second = (await (await fetch(`${own.baseUrl}/api/batches?limit=2&cursor=${first.next_cursor}`)).json()) as any;
      assert.deepEqual(
        second.batches.map((batch: any) => batch.id),
        [made[0]],
      );
      assert.equal(second.next_cursor, null);

      const job = second.batches[0].jobs[0];
      assert.deepEqual(
        job.slots.map((slot: any) => [slot.n, slot.status, slot.thumbnail_url]),
        [0, 1, 2, 3].map((n) => [n, 'ready', `/api/jobs/${job.job_id}/images/${n}/thumbnail`]),
      );
      // An image is filed in the library a moment after its slot is ready.
      let images: any;
      for (let tries = 0; tries < 100; tries += 1) {
        images = (await (await fetch(`${own.baseUrl}/api/images?batch_id=${made[0]}`)).json()) as any;
        if (images.images.length === 4) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.deepEqual(images.images.map((image: any) => image.job_id).sort(), [job.job_id, job.job_id, job.job_id, job.job_id]);
      assert.equal((await fetch(`${own.baseUrl}/api/batches?limit=21`)).status, 400);
      assert.equal((await fetch(`${own.baseUrl}/api/batches?cursor=nope`)).status, 400);
    } finally {
      await own.close();
    }
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
