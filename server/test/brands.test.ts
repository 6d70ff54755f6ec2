import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { createBrandgen } from '../src/app.ts';
import { DEFAULT_BRAND_ID } from '../src/domain/brand.ts';
import { startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

async function send(app: TestBrandgen, method: string, route: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${app.baseUrl}${route}`, {
    method,
    ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

const harbour = {
  name: 'Harbour Coffee',
  palette: ['#0B3D2E', '#E8D5B7', '#C8553D'],
  style_suffix: 'linocut print, warm paper texture',
  negative_prompt: 'neon',
};

describeEachDatabase('brand kits over HTTP', (database) => {
  let app: TestBrandgen;
  before(async () => {
    app = await startTestBrandgen(await database.environment(), { retentionSweepIntervalMs: 0 });
  });
  after(async () => app.close());

  test('a fresh installation has the shipped kit as the default brand, version 1', async () => {
    const list = await send(app, 'GET', '/api/brands');
    assert.equal(list.status, 200);
    assert.equal(list.body.brands.length, 1);
    const [brand] = list.body.brands;
    assert.deepEqual([brand.id, brand.name, brand.is_default, brand.version], [DEFAULT_BRAND_ID, 'Brandgen Studio', true, 1]);
    assert.equal((await send(app, 'GET', `/api/brands/${DEFAULT_BRAND_ID}/versions`)).body.versions[0].source, 'shipped');
  });

  test('an edit makes a new version and leaves the old one as it was; a restore copies an old version', async () => {
    const created = await send(app, 'POST', '/api/brands', harbour);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    assert.equal(created.headers.get('location'), `/api/brands/${id}`);
    assert.equal(created.body.version, 1);
    assert.equal(created.body.kit.asset_types.icon.size, '1024x1024', 'left-out fields take their defaults');

    const edited = await send(app, 'PUT', `/api/brands/${id}`, { ...harbour, style_suffix: 'risograph, two inks' });
    assert.equal(edited.status, 200);
    assert.equal(edited.body.version, 2);
    const versions = (await send(app, 'GET', `/api/brands/${id}/versions`)).body.versions;
    assert.deepEqual(
      versions.map((version: any) => [version.version, version.source, version.kit.style_suffix]),
      [
        [2, 'edit', 'risograph, two inks'],
        [1, 'create', 'linocut print, warm paper texture'],
      ],
    );

    const restored = await send(app, 'POST', `/api/brands/${id}/versions/1/restore`);
    assert.equal(restored.status, 200);
    assert.equal(restored.body.version, 3);
    assert.deepEqual(restored.body.kit, versions[1].kit);
    const after = (await send(app, 'GET', `/api/brands/${id}/versions`)).body.versions;
    assert.deepEqual([after[0].source, after[0].restored_from], ['restore', 1]);
    assert.deepEqual(after.slice(1), versions, 'earlier versions are unchanged');
    assert.equal((await send(app, 'POST', `/api/brands/${id}/versions/9/restore`)).status, 404);
    assert.equal((await send(app, 'POST', `/api/brands/${id}/versions/x/restore`)).status, 404);
  });

  test('a bad kit is refused field by field in plain words, and nothing is stored', async () => {
    const before = (await send(app, 'GET', '/api/brands')).body.brands.length;
    const bad = await send(app, 'POST', '/api/brands', { name: 'Broken', palette: ['#123456', 'teal'] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'validation_failed');
    assert.deepEqual(bad.body.error.fields, [{ field: 'palette.1', message: 'The palette (entry 2) must be a colour like #1F3A5F.' }]);
    const missing = await send(app, 'POST', '/api/brands', { palette: ['#123456', '#654321'] });
    assert.deepEqual(missing.body.error.fields, [{ field: 'name', message: 'The brand name is missing.' }]);
    const clash = await send(app, 'POST', '/api/brands', { ...harbour, name: 'brandgen studio' });
    assert.equal(clash.status, 400);
    assert.equal(clash.body.error.fields[0].field, 'name');
    assert.equal((await send(app, 'GET', '/api/brands')).body.brands.length, before);
  });

  test('a job records its brand version and keeps it after the brand changes; "more" uses that version', async () => {
    const brand = (await send(app, 'POST', '/api/brands', { ...harbour, name: 'Tide Tea' })).body;
    const started = await send(app, 'POST', '/api/generate', { prompt: 'a teapot', model: 'demo', brand_id: brand.id });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const job = await waitForJob(app.baseUrl, started.body.job_id);
    assert.deepEqual([job.brand_id, job.brand_version], [brand.id, 1]);
    assert.match(job.final_prompt, /linocut print, warm paper texture$/);
    assert.equal(job.negative_prompt.split(', ')[0], 'neon');

    await send(app, 'PUT', `/api/brands/${brand.id}`, { ...harbour, name: 'Tide Tea', style_suffix: 'watercolour wash' });
    const again = (await send(app, 'GET', `/api/jobs/${job.id}`)).body;
    assert.deepEqual([again.brand_id, again.brand_version, again.final_prompt], [brand.id, 1, job.final_prompt]);
    const more = await send(app, 'POST', `/api/jobs/${job.id}/more`);
    const moreJob = (await send(app, 'GET', `/api/jobs/${more.body.job_id}`)).body;
    assert.deepEqual([moreJob.brand_version, moreJob.final_prompt], [1, job.final_prompt]);

    const fresh = (await send(app, 'POST', '/api/generate', { prompt: 'a teapot', model: 'demo', brand_id: brand.id })).body;
    const freshJob = (await send(app, 'GET', `/api/jobs/${fresh.job_id}`)).body;
    assert.equal(freshJob.brand_version, 2);
    assert.match(freshJob.final_prompt, /watercolour wash$/);

    const plain = (await send(app, 'POST', '/api/generate', { prompt: 'a teapot', model: 'demo' })).body;
    assert.equal((await send(app, 'GET', `/api/jobs/${plain.job_id}`)).body.brand_id, DEFAULT_BRAND_ID);
    await waitForJob(app.baseUrl, plain.job_id);
    const filtered = (await send(app, 'GET', `/api/images?brand_id=${brand.id}&limit=100`)).body.images;
    assert.ok(filtered.length > 0);
    assert.ok(filtered.every((image: any) => image.job_id !== plain.job_id));
    assert.ok(filtered.some((image: any) => image.job_id === job.id));
  });

  test('an image says its brand version, and generating with that version composes the same prompt again', async () => {
    const brand = (await send(app, 'POST', '/api/brands', { ...harbour, name: 'Kelp Kombucha' })).body;
    const first = await send(app, 'POST', '/api/generate', { prompt: 'a bottle', model: 'demo', seed: 7, brand_id: brand.id });
    const job = await waitForJob(app.baseUrl, first.body.job_id);
    await send(app, 'PUT', `/api/brands/${brand.id}`, { ...harbour, name: 'Kelp Kombucha', style_suffix: 'ink wash' });
    const image = (await send(app, 'GET', `/api/images?brand_id=${brand.id}&limit=1`)).body.images[0];
    assert.deepEqual([image.job_id, image.brand_id, image.brand_version], [job.id, brand.id, 1]);

    const repeat = await send(app, 'POST', '/api/generate', {
      prompt: image.prompt,
      model: image.model,
      seed: image.seed,
      brand_id: image.brand_id,
      brand_version: image.brand_version,
    });
    assert.equal(repeat.status, 202, JSON.stringify(repeat.body));
    const repeated = (await send(app, 'GET', `/api/jobs/${repeat.body.job_id}`)).body;
    assert.deepEqual([repeated.brand_version, repeated.final_prompt], [1, job.final_prompt]);

    const withoutBrand = await send(app, 'POST', '/api/generate', { prompt: 'a bottle', brand_version: 1 });
    assert.equal(withoutBrand.status, 400);
    assert.equal(withoutBrand.body.error.fields[0].field, 'brand_version');
    assert.match(withoutBrand.body.error.fields[0].message, /send brand_id with it/);
    const missing = await send(app, 'POST', '/api/generate', { prompt: 'a bottle', brand_id: brand.id, brand_version: 9 });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body.error.fields[0], {
      field: 'brand_version',
      message: 'That brand has no version 9. See GET /api/brands/{id}/versions.',
    });
  });

  test("the demo model draws with the job's own brand palette", async () => {
    const neon = (await send(app, 'POST', '/api/brands', { name: 'Neon', palette: ['#FF00FF', '#00FF00'] })).body;
    const share = async (brandId?: string) => {
      const started = await send(app, 'POST', '/api/generate', {
        prompt: 'a bicycle',
        model: 'demo',
        seed: 11,
        ...(brandId && { brand_id: brandId }),
      });
      const job = await waitForJob(app.baseUrl, started.body.job_id);
      const png = Buffer.from(await (await fetch(`${app.baseUrl}${job.images[0]}`)).arrayBuffer());
      const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      let near = 0;
      for (let i = 0; i < data.length; i += info.channels) {
        const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
        if ((r > 200 && g < 60 && b > 200) || (r < 60 && g > 200 && b < 60)) near += 1;
      }
      return near / (info.width * info.height);
    };
    assert.ok((await share(neon.id)) > 0.2, 'much of the picture is in the brand colours');
    assert.ok((await share()) < 0.01, 'the default brand has neither colour');
  });

  test('an unknown brand is refused in plain words before anything starts', async () => {
    const unknown = await send(app, 'POST', '/api/generate', { prompt: 'a kite', brand_id: '0190f1c4-0000-7000-8000-000000000000' });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body.error.fields, [{ field: 'brand_id', message: 'There is no brand with this id. See GET /api/brands.' }]);
    const batch = await send(app, 'POST', '/api/batches', { prompts: ['a kite'], brand_id: 'nope' });
    assert.equal(batch.status, 400);
    assert.equal(batch.body.error.fields[0].field, 'brand_id');
    assert.equal((await send(app, 'GET', '/api/brands/not-an-id')).status, 404);
  });

  test('export and import round trip: the same kit comes back, as a new brand or a new version', async () => {
    const brand = (await send(app, 'POST', '/api/brands', { ...harbour, name: 'Round Trip' })).body;
    const exported = await send(app, 'GET', `/api/brands/${brand.id}/export`);
    assert.equal(exported.status, 200);
    assert.equal(exported.headers.get('content-disposition'), 'attachment; filename="round-trip.brand.json"');
    assert.deepEqual(exported.body, { ...brand.kit, loras: [] }, 'a kit without LoRAs describes none');

    const asVersion = await send(app, 'POST', `/api/brands/import?brand_id=${brand.id}`, exported.body);
    assert.equal(asVersion.status, 201);
    assert.deepEqual([asVersion.body.id, asVersion.body.version, asVersion.body.kit], [brand.id, 2, brand.kit]);
    const versions = (await send(app, 'GET', `/api/brands/${brand.id}/versions`)).body.versions;
    assert.equal(versions[0].source, 'import');

    const copy = await send(app, 'POST', '/api/brands/import', { ...exported.body, name: 'Round Trip Copy' });
    assert.equal(copy.status, 201);
    assert.notEqual(copy.body.id, brand.id);
    assert.deepEqual({ ...copy.body.kit, name: 'Round Trip' }, brand.kit);
  });

  test('delete: refused for the default brand and while used, archived when only older jobs used it', async () => {
    const refusedDefault = await send(app, 'DELETE', `/api/brands/${DEFAULT_BRAND_ID}`);
    assert.deepEqual([refusedDefault.status, refusedDefault.body.error.code], [409, 'brand_is_default']);

    const unused = (await send(app, 'POST', '/api/brands', { ...harbour, name: 'Unused' })).body;
    assert.deepEqual((await send(app, 'DELETE', `/api/brands/${unused.id}`)).body, { id: unused.id, result: 'deleted' });
    assert.equal((await send(app, 'GET', `/api/brands/${unused.id}`)).status, 404);

    const used = (await send(app, 'POST', '/api/brands', { ...harbour, name: 'Used' })).body;
    const job = (await send(app, 'POST', '/api/generate', { prompt: 'a mug', model: 'demo', brand_id: used.id })).body;
    const inUse = await send(app, 'DELETE', `/api/brands/${used.id}`);
    assert.equal(inUse.status, 409);
    assert.equal(
      inUse.body.error.message,
      '"Used" is still used by 1 job made this month. Move the projects to another brand and try again next month.',
    );

    const project = await send(app, 'POST', '/api/projects', { name: 'Launch', brief: { brand_name: 'Used' }, brand_id: used.id });
    assert.equal(project.status, 201, JSON.stringify(project.body));
    assert.equal(project.body.brand_id, used.id);
    await waitForJob(app.baseUrl, job.job_id);
    await app.brandgen.database.updateTable('jobs').set({ created_at: '2020-01-15T00:00:00.000Z' }).where('id', '=', job.job_id).execute();
    const byProject = await send(app, 'DELETE', `/api/brands/${used.id}`);
    assert.equal(byProject.status, 409);
    assert.match(byProject.body.error.message, /still used by 1 project\./);

    assert.equal((await send(app, 'DELETE', `/api/projects/${project.body.id}`)).status, 204);
    assert.deepEqual((await send(app, 'DELETE', `/api/brands/${used.id}`)).body, { id: used.id, result: 'archived' });
    assert.ok(!(await send(app, 'GET', '/api/brands')).body.brands.some((brand: any) => brand.id === used.id));
    const archived = (await send(app, 'GET', '/api/brands?include_archived=true')).body.brands.find((brand: any) => brand.id === used.id);
    assert.notEqual(archived.archived_at, null);
    const refused = await send(app, 'POST', '/api/generate', { prompt: 'a mug', brand_id: used.id });
    assert.equal(refused.status, 400);
    assert.match(refused.body.error.fields[0].message, /archived/);
    assert.equal((await send(app, 'GET', `/api/jobs/${job.job_id}`)).body.brand_id, used.id, 'the old job still names its brand');
  });

  test('a brand.json in the data folder is imported once as a new version of the default brand', async () => {
    await writeFile(`${app.dataDirectory}/brand.json`, JSON.stringify({ style_suffix: 'from the data folder' }));
    const restart = async () => {
      await app.brandgen.stop();
      app.brandgen = await createBrandgen(app.config, { retentionSweepIntervalMs: 0 });
      app.baseUrl = await app.brandgen.start();
    };
    await restart();
    const versions = (await send(app, 'GET', `/api/brands/${DEFAULT_BRAND_ID}/versions`)).body.versions;
    assert.deepEqual([versions[0].version, versions[0].source, versions[0].kit.style_suffix], [2, 'data_folder', 'from the data folder']);
    assert.equal(versions[0].kit.name, 'Brandgen Studio', 'the file changes only the fields it has');
    await restart();
    assert.equal((await send(app, 'GET', `/api/brands/${DEFAULT_BRAND_ID}`)).body.version, 2, 'not imported twice');
  });
});
