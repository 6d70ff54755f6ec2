import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { thumbHashToRGBA } from 'thumbhash';
import { readZip } from './support/read-zip.ts';
import { postJson, startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';

async function generate(app: TestBrandgen, prompt: string): Promise<Record<string, any>> {
  const response = await postJson(app.baseUrl, '/api/generate', { prompt });
  assert.equal(response.status, 202, await response.clone().text());
  const { job_id } = (await response.json()) as { job_id: string };
  const job = await waitForJob(app.baseUrl, job_id);
  assert.equal(job.status, 'complete');
  return job;
}

async function getJson(app: TestBrandgen, route: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${app.baseUrl}${route}`);
  return { status: response.status, body: await response.json() };
}

function putFavorite(app: TestBrandgen, id: string, body: unknown): Promise<Response> {
  return fetch(`${app.baseUrl}/api/images/${id}/favorite`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describeEachDatabase('the library API over HTTP', (database) => {
  let app: TestBrandgen;
  const jobs: Record<string, any>[] = [];
  before(async () => {
    app = await startTestBrandgen(await database.environment(), { retentionSweepIntervalMs: 0 });
    for (const prompt of ['a red bicycle by the sea', 'a blue sailing boat', 'Café crème on a red table']) {
      jobs.push(await generate(app, prompt));
    }
  });
  after(async () => app.close());

  test('every stored image is in the library, newest first, with its parameters', async () => {
    const { status, body } = await getJson(app, '/api/images?limit=200');
    assert.equal(status, 200);
    assert.equal(body.images.length, 12);
    assert.equal(body.next_cursor, null);
    const newestJob = jobs.at(-1)!;
    const first = body.images[0];
    assert.equal(first.job_id, newestJob.id);
    assert.equal(first.prompt, 'Café crème on a red table');
    assert.equal(first.model, 'demo');
    assert.equal(first.favorite, false);
    assert.equal(first.width, 1024);
    assert.equal(first.url, `/api/jobs/${newestJob.id}/images/${first.n}`);
    assert.equal(first.thumbnail_url, `/api/images/${first.id}/thumbnail`);
    assert.deepEqual(
      new Set(body.images.slice(0, 4).map((image: any) => image.seed)),
      new Set(newestJob.slots.map((slot: any) => slot.seed)),
    );
    const expires = Date.parse(first.expires_at) - Date.parse(first.created_at);
    assert.equal(expires, 30 * 24 * 60 * 60 * 1000, 'expires 30 days after it was made');
    const jobOrder = body.images.map((image: any) => image.job_id);
    assert.deepEqual([...new Set(jobOrder)], jobs.map((job) => job.id).reverse());

    const one = await getJson(app, `/api/images/${first.id}`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body, first);
  });

  test('thumbnails are 256 px WebP with an ETag, immutable caching and a decodable placeholder', async () => {
    const { body } = await getJson(app, '/api/images?limit=1');
    const image = body.images[0];
    const response = await fetch(`${app.baseUrl}${image.thumbnail_url}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/webp');
    assert.match(response.headers.get('cache-control')!, /immutable/);
    const etag = response.headers.get('etag')!;
    assert.match(etag, /^"[A-Za-z0-9_-]+"$/);
    const metadata = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    assert.equal(metadata.format, 'webp');
    assert.equal(Math.max(metadata.width!, metadata.height!), 256);

    const again = await fetch(`${app.baseUrl}${image.thumbnail_url}`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal((await again.arrayBuffer()).byteLength, 0);

    const placeholder = thumbHashToRGBA(Buffer.from(image.placeholder, 'base64'));
    assert.ok(placeholder.w > 0 && placeholder.h > 0 && placeholder.w <= 32 && placeholder.h <= 32);
    assert.ok(Buffer.from(image.placeholder, 'base64').length < 40, 'the placeholder is compact');
  });

  test("a job's slots name their thumbnails, the same bytes as the library's; a missing one answers 404", async () => {
    const job = jobs[0]!;
    const { body } = await getJson(app, `/api/images?job_id=${job.id}`);
    for (const slot of job.slots) {
      assert.equal(slot.thumbnail_url, `/api/jobs/${job.id}/images/${slot.n}/thumbnail`);
      const fromJob = await fetch(`${app.baseUrl}${slot.thumbnail_url}`);
      assert.equal(fromJob.status, 200);
      assert.equal(fromJob.headers.get('content-type'), 'image/webp');
      const image = body.images.find((entry: any) => entry.n === slot.n);
      const fromLibrary = await fetch(`${app.baseUrl}${image.thumbnail_url}`);
      assert.deepEqual(Buffer.from(await fromJob.arrayBuffer()), Buffer.from(await fromLibrary.arrayBuffer()));
      assert.equal(fromJob.headers.get('etag'), fromLibrary.headers.get('etag'));
    }
    const unknownJob = await getJson(app, '/api/jobs/0190a3c4-0000-7000-8000-000000000000/images/0/thumbnail');
    assert.equal(unknownJob.status, 404);
    assert.equal(unknownJob.body.error.code, 'not_found');
    assert.equal((await getJson(app, `/api/jobs/${job.id}/images/4/thumbnail`)).status, 404);
  });

  test('pages follow the cursor without gaps or repeats, and the last page has no cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { status, body }: { status: number; body: any } = await getJson(app, `/api/images?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(status, 200);
      seen.push(...body.images.map((image: any) => image.id));
      cursor = body.next_cursor;
      pages += 1;
    } while (cursor);
    assert.equal(pages, 3);
    assert.equal(seen.length, 12);
    assert.equal(new Set(seen).size, 12);

    const exact = await getJson(app, '/api/images?limit=12');
    assert.equal(exact.body.images.length, 12);
    assert.equal(exact.body.next_cursor, null, 'no cursor when the page ends exactly at the last image');
    const past = await getJson(app, '/api/images?cursor=1');
    assert.deepEqual(past.body, { images: [], next_cursor: null });
  });

  test('search finds prompt words by prefix, in any order, accents and case ignored', async () => {
    const search = async (q: string) =>
      (await getJson(app, `/api/images?q=${encodeURIComponent(q)}`)).body.images.map((image: any) => image.prompt as string);
    assert.deepEqual(new Set(await search('bicy')), new Set(['a red bicycle by the sea']));
    assert.equal((await search('RED')).length, 8);
    assert.deepEqual(new Set(await search('table red')), new Set(['Café crème on a red table']));
    assert.equal((await search('cafe creme')).length, 4);
    assert.equal((await search('submarine')).length, 0);
    // FTS syntax in user text is plain words, never an error.
    assert.equal((await search('"red" OR NEAR( * -boat')).length, 0);
    assert.equal((await search('   ')).length, 12, 'a search without words filters nothing');
  });

  test('filters by model, favorite and date combine with search and paging', async () => {
    const all = (await getJson(app, '/api/images?limit=200')).body.images;
    assert.equal((await getJson(app, '/api/images?model=demo')).body.images.length, 12);
    assert.equal((await getJson(app, '/api/images?model=other')).body.images.length, 0);
    assert.equal((await getJson(app, '/api/images?asset_type=logo')).body.images.length, 0);
    assert.equal((await getJson(app, '/api/images?project_id=none')).body.images.length, 0);
    const oldest = all.at(-1);
    const from = encodeURIComponent(all[3].created_at);
    const recent = (await getJson(app, `/api/images?from=${from}&limit=200`)).body.images;
    assert.ok(recent.every((image: any) => image.created_at >= all[3].created_at));
    assert.ok(!recent.some((image: any) => image.id === oldest.id));
    const before = (await getJson(app, `/api/images?to=${encodeURIComponent(all[3].created_at)}&limit=200`)).body.images;
    assert.equal(recent.length + before.length, 12);

    const star = await putFavorite(app, oldest.id, { favorite: true });
    assert.equal(star.status, 200);
    const starred = (await star.json()) as any;
    assert.equal(starred.favorite, true);
    assert.equal(starred.expires_at, null);
    const favorites = (await getJson(app, '/api/images?favorite=true')).body.images;
    assert.deepEqual(
      favorites.map((image: any) => image.id),
      [oldest.id],
    );
    assert.equal((await getJson(app, '/api/images?favorite=false&limit=200')).body.images.length, 11);
    assert.equal((await getJson(app, '/api/images?favorite=true&q=bicycle')).body.images.length, 1);
    assert.equal((await getJson(app, '/api/images?favorite=true&q=boat')).body.images.length, 0);

    const unstar = await putFavorite(app, oldest.id, { favorite: false });
    const unstarred = (await unstar.json()) as any;
    assert.equal(unstarred.favorite, false);
    assert.equal(unstarred.expires_at, oldest.expires_at);
  });

  const badQueries: Array<[string, string]> = [
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=ten', 'limit'],
    ['cursor=abc', 'cursor'],
    ['cursor=0', 'cursor'],
    ['cursor=-5', 'cursor'],
    ['favorite=yes', 'favorite'],
    ['from=yesterday', 'from'],
    ['to=2026-13-45', 'to'],
    [`q=${'a'.repeat(201)}`, 'q'],
    ['colour=red', 'colour'],
  ];
  for (const [query, field] of badQueries) {
    test(`400 with a field error for ${query.slice(0, 30)}`, async () => {
      const { status, body } = await getJson(app, `/api/images?${query}`);
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(body.error.code, 'validation_failed');
      assert.ok(
        body.error.fields.some((entry: any) => entry.field === field),
        JSON.stringify(body),
      );
    });
  }

  test('unknown and malformed image ids answer 404 on every image route', async () => {
    for (const id of ['0190a3c4-0000-7000-8000-000000000000', 'not-an-id', '..%2F..%2Fetc']) {
      for (const route of [`/api/images/${id}`, `/api/images/${id}/thumbnail`]) {
        const { status, body } = await getJson(app, route);
        assert.equal(status, 404, route);
        assert.equal(body.error.code, 'not_found');
      }
      const favorite = await putFavorite(app, id, { favorite: true });
      assert.equal(favorite.status, 404);
    }
  });

  test('favorite needs a boolean body', async () => {
    const { body } = await getJson(app, '/api/images?limit=1');
    const id = body.images[0].id;
    for (const bad of [{}, { favorite: 'yes' }, { favorite: true, extra: 1 }]) {
      const response = await putFavorite(app, id, bad);
      assert.equal(response.status, 400, JSON.stringify(bad));
      assert.equal(((await response.json()) as any).error.code, 'validation_failed');
    }
  });

  test('images a crash kept out of the library are filed at the next start', async () => {
    const job = jobs[0]!;
    const database = app.brandgen.database;
    await database.deleteFrom('library_images').where('job_id', '=', job.id).execute();
    assert.equal((await getJson(app, '/api/images?q=bicycle')).body.images.length, 0);
    assert.equal(await app.brandgen.library.fileMissingImages(), 4);
    assert.equal(await app.brandgen.library.fileMissingImages(), 0, 'filing twice adds nothing');
    const page = (await getJson(app, '/api/images?q=bicycle')).body.images;
    assert.deepEqual(page.map((image: any) => image.n).sort(), [0, 1, 2, 3]);
    const thumbnail = await fetch(`${app.baseUrl}${page[0].thumbnail_url}`);
    assert.equal(thumbnail.status, 200);
  });

  test('several images download as one streamed ZIP, in the order asked, identical to the single downloads', async () => {
    const images = (await getJson(app, '/api/images?limit=3&q=boat')).body.images;
    const ids = images.map((image: any) => image.id);
    const response = await fetch(`${app.baseUrl}/api/images/archive?ids=${ids.join(',')},${ids[0]}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/zip');
    assert.match(response.headers.get('content-disposition')!, /^attachment; filename="brandgen-3-images-\d{4}-\d{2}-\d{2}\.zip"$/);
    assert.equal(response.headers.get('content-length'), null, 'streamed, not buffered first');
    const entries = await readZip(Buffer.from(await response.arrayBuffer()));
    assert.deepEqual(
      [...entries.keys()],
      images.map((image: any, index: number) => `00${index + 1}-a-blue-sailing-boat-${image.id.slice(-8)}.png`),
    );
    for (const [index, bytes] of [...entries.values()].entries()) {
      const single = Buffer.from(await (await fetch(`${app.baseUrl}${images[index].url}`)).arrayBuffer());
      assert.ok(bytes.equals(single), `entry ${index} is the image itself`);
    }
  });

  const badArchives: Array<[string, number]> = [
    ['', 400],
    ['?ids=', 400],
    ['?ids=,,', 400],
    ['?ids=not-an-id', 400],
    [`?ids=${Array.from({ length: 201 }, () => '0190a3c4-0000-7000-8000-000000000000').join(',')}`, 400],
    ['?ids=0190a3c4-0000-7000-8000-000000000000', 404],
  ];
  for (const [query, status] of badArchives) {
    test(`archive${query.slice(0, 40)} answers ${status}`, async () => {
      const { status: actual, body } = await getJson(app, `/api/images/archive${query}`);
      assert.equal(actual, status, JSON.stringify(body));
      assert.equal(typeof body.error.message, 'string');
    });
  }

  test('variations of an image are a new job whose four images are its children', async () => {
    const parent = (await getJson(app, '/api/images?q=boat&limit=1')).body.images[0];
    const response = await fetch(`${app.baseUrl}/api/images/${parent.id}/variations`, { method: 'POST' });
    assert.equal(response.status, 202);
    const { job_id } = (await response.json()) as { job_id: string };
    assert.equal(response.headers.get('location'), `/api/jobs/${job_id}`);
    const job = await waitForJob(app.baseUrl, job_id);
    assert.equal(job.prompt, parent.prompt);
    assert.notEqual(job.slots[0].seed, parent.seed);
    const children = (await getJson(app, `/api/images?parent_id=${parent.id}`)).body.images;
    assert.equal(children.length, 4);
    assert.ok(children.every((child: any) => child.parent_id === parent.id && child.job_id === job_id && child.prompt === parent.prompt));
    const grandchildren = await fetch(`${app.baseUrl}/api/images/${children[0].id}/variations`, { method: 'POST' });
    assert.equal(grandchildren.status, 202);
    await waitForJob(app.baseUrl, ((await grandchildren.json()) as { job_id: string }).job_id);
    const level2 = (await getJson(app, `/api/images?parent_id=${children[0].id}`)).body.images;
    assert.equal(level2.length, 4, 'the tree goes deeper');

    for (const id of ['0190a3c4-0000-7000-8000-000000000000', 'nope']) {
      const missing = await fetch(`${app.baseUrl}/api/images/${id}/variations`, { method: 'POST' });
      assert.equal(missing.status, 404);
    }
  });
  test('an image deleted by its owner is gone with its files, starred or not; the last one takes its job along', async () => {
    const job = await generate(app, 'a lighthouse to delete');
    const images = (await getJson(app, `/api/images?job_id=${job.id}`)).body.images as Array<Record<string, any>>;
    assert.equal(images.length, 4);
    const [starred, ...rest] = images;
    assert.equal((await putFavorite(app, starred!.id, { favorite: true })).status, 200);
    assert.equal((await fetch(`${app.baseUrl}/api/images/${starred!.id}/thumbnail`)).status, 200);

    const deleted = await fetch(`${app.baseUrl}/api/images/${starred!.id}`, { method: 'DELETE' });
    assert.equal(deleted.status, 204);
    for (const route of [`/api/images/${starred!.id}`, `/api/images/${starred!.id}/thumbnail`, starred!.url]) {
      assert.equal((await fetch(`${app.baseUrl}${route}`)).status, 404, route);
    }
    const left = (await getJson(app, `/api/images?job_id=${job.id}`)).body.images as Array<{ id: string }>;
    assert.deepEqual(new Set(left.map((image) => image.id)), new Set(rest.map((image) => image.id)));
    const slot = (await getJson(app, `/api/jobs/${job.id}`)).body.slots.find((entry: any) => entry.n === starred!.n);
    assert.equal(slot.status, 'expired');
    assert.equal((await fetch(`${app.baseUrl}/api/images/${starred!.id}`, { method: 'DELETE' })).status, 404, 'twice');

    for (const image of rest) assert.equal((await fetch(`${app.baseUrl}/api/images/${image.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await fetch(`${app.baseUrl}/api/jobs/${job.id}`)).status, 404, 'a job with no image left is gone');
    for (const id of ['0190a3c4-0000-7000-8000-000000000000', 'not-an-id']) {
      assert.equal((await fetch(`${app.baseUrl}/api/images/${id}`, { method: 'DELETE' })).status, 404, id);
    }
  });
});
