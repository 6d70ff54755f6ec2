import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { systemClock, type Clock } from '../src/services/clock.ts';
import { postJson, startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';

/** A clock whose next ids a test can choose, to make a write fail half-way through. */
function scriptedIdClock(): Clock & { nextIds: string[] } {
  const nextIds: string[] = [];
  return { nextIds, now: systemClock.now, newId: () => nextIds.shift() ?? systemClock.newId() };
}

async function jobCount(app: TestBrandgen): Promise<number> {
  const page = (await (await fetch(`${app.baseUrl}/api/jobs?limit=100`)).json()) as { jobs: unknown[] };
  return page.jobs.length;
}

describeEachDatabase('bad input is refused at the edge, the same way on both databases', (database) => {
  let app: TestBrandgen;
  const clock = scriptedIdClock();
  const log = new PassThrough();
  const logLines: string[] = [];
  log.on('data', (chunk: Buffer) => logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  before(async () => {
    app = await startTestBrandgen(
      { ...(await database.environment()), LOG_LEVEL: 'error' },
      { clock, logStream: log, retentionSweepIntervalMs: 0 },
    );
  });
  after(async () => app?.close());

  test('NUL and other control characters are a 400 field error, in bodies and in query filters', async () => {
    const prompt = await postJson(app.baseUrl, '/api/generate', { prompt: 'a red\u0000 kite' });
    assert.equal(prompt.status, 400);
    assert.deepEqual(((await prompt.json()) as any).error.fields, [
      { field: 'prompt', message: 'Remove the control characters (such as NUL) from this text.' },
    ]);
    const filter = await fetch(`${app.baseUrl}/api/images?model=demo%00`);
    assert.equal(filter.status, 400);
    assert.deepEqual(
      ((await filter.json()) as any).error.fields.map((field: any) => field.field),
      ['model'],
    );
    const name = await postJson(app.baseUrl, '/api/projects', { name: 'Tide\u001bwater', brief: { brand_name: 'Tide' } });
    assert.deepEqual(
      ((await name.json()) as any).error.fields.map((field: any) => field.field),
      ['name'],
    );
    const surrogate = await postJson(app.baseUrl, '/api/templates', '{"name":"x\\ud800","prompt":"a kite"}');
    assert.equal(surrogate.status, 400);
    assert.match(((await surrogate.json()) as any).error.fields[0].message, /lone surrogate/);
    // Tabs and line breaks are ordinary text.
    assert.equal((await postJson(app.baseUrl, '/api/templates', { name: 'Two\tcolumns', prompt: 'a kite\r\nover the sea' })).status, 201);
  });

  test('a batch with one bad prompt among good ones starts nothing', async () => {
    const before = await jobCount(app);
    const response = await postJson(app.baseUrl, '/api/batches', { prompts: ['a red kite', 'a green\u0000 kite', 'a blue kite'] });
    assert.equal(response.status, 400);
    assert.deepEqual(
      ((await response.json()) as any).error.fields.map((field: any) => field.field),
      ['prompts.1'],
    );
    const unknownModel = await postJson(app.baseUrl, '/api/batches', { prompts: ['a red kite', 'a blue kite'], model: 'no-such-model' });
    assert.equal(unknownModel.status, 400);
    assert.equal(await jobCount(app), before);
  });

  test('a batch whose write fails half-way leaves neither the batch nor any job, and the 500 is logged with its request id', async () => {
    const existing = (await (await postJson(app.baseUrl, '/api/generate', { prompt: 'a kite' })).json()) as { job_id: string };
    await waitForJob(app.baseUrl, existing.job_id);
    const before = await jobCount(app);
    const fresh = [systemClock.newId(), systemClock.newId(), systemClock.newId()];
    // One of the new rows takes an id already used, so storing fails after other rows of the batch were written.
    clock.nextIds.push(fresh[0]!, fresh[1]!, existing.job_id, fresh[2]!);
    const response = await postJson(app.baseUrl, '/api/batches', { prompts: ['one', 'two', 'three'] });
    clock.nextIds.length = 0;
    assert.equal(response.status, 500);
    const message: string = ((await response.json()) as any).error.message;
    const requestId = /request ([0-9a-f-]{36})/.exec(message)?.[1];
    assert.ok(requestId, message);
    for (const id of fresh) {
      assert.equal((await fetch(`${app.baseUrl}/api/batches/${id}`)).status, 404);
      assert.equal((await fetch(`${app.baseUrl}/api/jobs/${id}`)).status, 404);
    }
    assert.equal(await jobCount(app), before);
    const logged = logLines.map((line) => JSON.parse(line)).find((line) => line.requestId === requestId);
    assert.equal(logged?.level, 50, 'logged as an error');
    assert.equal(logged?.url, '/api/batches');
  });

  test('a batch from a template uses its asset type and preset', async () => {
    const template = (await (
      await postJson(app.baseUrl, '/api/templates', {
        name: 'Icons',
        prompt: 'a {thing}',
        asset_type: 'icon',
        preset: 'draft',
      })
    ).json()) as { id: string };
    const response = await postJson(app.baseUrl, '/api/batches', { template_id: template.id, csv: 'thing\nkite\nboat\n' });
    assert.equal(response.status, 201);
    for (const { job_id: jobId } of ((await response.json()) as any).jobs) {
      const job = (await (await fetch(`${app.baseUrl}/api/jobs/${jobId}`)).json()) as any;
      assert.deepEqual([job.asset_type, job.preset], ['icon', 'draft']);
    }
  });

  test('a CSV with thousands of bad rows answers the first 20 field errors and the count', async () => {
    const template = (await (await postJson(app.baseUrl, '/api/templates', { name: 'Pairs', prompt: 'a {a} and a {b}' })).json()) as {
      id: string;
    };
    const csv = `a,b\n${'kite,\n'.repeat(5000)}`;
    const response = await postJson(app.baseUrl, '/api/batches', { template_id: template.id, csv });
    assert.equal(response.status, 400);
    const text = await response.text();
    assert.ok(text.length < 4000, `${text.length} characters`);
    const { error } = JSON.parse(text);
    assert.equal(error.fields.length, 20);
    assert.deepEqual(error.fields[0], { field: 'rows.0.b', message: 'Row 1 leaves b empty; give it a value.' });
    assert.match(error.message, /5000 fields need attention; the first 20 are listed/);
  });

  test('an inspiration image sent as application/json is judged by its bytes', async () => {
    const project = (await (
      await postJson(app.baseUrl, '/api/projects', { name: 'Tidewater', brief: { brand_name: 'Tidewater' } })
    ).json()) as { id: string };
    const png = await sharp({ create: { width: 80, height: 80, channels: 3, background: { r: 20, g: 60, b: 120 } } })
      .png()
      .toBuffer();
    const put = (body: Uint8Array | string, contentType: string) =>
      fetch(`${app.baseUrl}/api/projects/${project.id}/inspiration`, { method: 'PUT', headers: { 'content-type': contentType }, body });
    const asJson = await put(png, 'application/json');
    assert.equal(asJson.status, 200, await asJson.clone().text());
    assert.equal(((await asJson.json()) as any).inspiration.width, 80);
    assert.equal((await put(png, 'application/x-www-form-urlencoded')).status, 200);
    const notAnImage = await put('{"image": "kite"}', 'application/json');
    assert.equal(notAnImage.status, 415);
    assert.equal(((await notAnImage.json()) as any).error.code, 'unsupported_image');
  });

  test('the device token endpoint answers any malformed body with RFC 6749 invalid_request', async () => {
    for (const body of ['{"grant_type": 5}', 'null', '[1]', '{"device_code":', '{"device_code":"a\\u0000"}']) {
      const response = await postJson(app.baseUrl, '/api/auth/device/token', body);
      assert.equal(response.status, 400, body);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      const answer = (await response.json()) as any;
      assert.deepEqual(Object.keys(answer).sort(), ['error', 'error_description'], body);
      assert.equal(answer.error, 'invalid_request', body);
    }
    const tooLarge = await postJson(app.baseUrl, '/api/auth/device/token', { device_code: 'x'.repeat(70_000) });
    assert.equal(tooLarge.status, 400);
    assert.equal(((await tooLarge.json()) as any).error, 'invalid_request');
  });

  test("the framework's own refusals use the one error shape", async () => {
    const cases: Array<[string, RequestInit | undefined, number]> = [
      ['/api/jobs/%E0%A4%A', undefined, 400],
      [`/api/jobs/${'a'.repeat(200)}`, undefined, 414],
      [`/api/jobs?cursor=${'x'.repeat(60_000)}`, undefined, 431],
      [`/api/jobs/${systemClock.newId()}/events`, { headers: { accept: 'application/xml' } }, 406],
    ];
    for (const [path, init, status] of cases) {
      const response = await fetch(`${app.baseUrl}${path}`, init);
      assert.equal(response.status, status, path.slice(0, 60));
      const body = (await response.json()) as any;
      assert.deepEqual(Object.keys(body), ['error'], path.slice(0, 60));
      assert.equal(typeof body.error.code, 'string');
      assert.doesNotMatch(JSON.stringify(body), /FST_|statusCode/);
    }
  });
});

describeEachDatabase('a batch retried with the same Idempotency-Key', (database) => {
  let app: TestBrandgen;
  before(async () => {
    app = await startTestBrandgen(await database.environment(), { retentionSweepIntervalMs: 0 });
  });
  after(async () => app?.close());

  const post = (body: unknown, key: string) =>
    fetch(`${app.baseUrl}/api/batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });

  test('is answered with the batch made the first time, so the client never pays twice', async () => {
    const key = systemClock.newId();
    const body = { prompts: ['a red kite', 'a blue kite'] };
    const before = await jobCount(app);
    const [first, second] = await Promise.all([post(body, key), post(body, key)]);
    assert.deepEqual([first.status, second.status], [201, 201]);
    const [a, b] = (await Promise.all([first.json(), second.json()])) as any[];
    assert.equal(a.id, b.id);
    const retry = await post(body, key);
    assert.equal(retry.status, 201);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.equal(((await retry.json()) as any).id, a.id);
    assert.equal(await jobCount(app), before + 2);

    const reused = await post({ prompts: ['something else'] }, key);
    assert.equal(reused.status, 400);
    assert.deepEqual(
      ((await reused.json()) as any).error.fields.map((field: any) => field.field),
      ['Idempotency-Key'],
    );
    const bad = await post(body, 'with spaces in it');
    assert.equal(bad.status, 400);
    assert.equal(await jobCount(app), before + 2);
  });
});
