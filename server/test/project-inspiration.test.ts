import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { postJson, startTestBrandgen, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';

const brief = { brand_name: 'Tidewater', industry: 'coffee roaster', audience: 'commuters' };

function picture(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: { r: 20, g: 60, b: 120 } } });
}

/** A 200×100 JPEG whose EXIF says "rotate 90° clockwise to view", with a camera GPS position and an XMP packet. */
async function photoWithExif(): Promise<Buffer> {
  // Left half red, right half blue, so the rotation can be seen in the pixels.
  const halves = await sharp({ create: { width: 200, height: 100, channels: 3, background: { r: 0, g: 0, b: 255 } } })
    .composite([{ input: { create: { width: 100, height: 100, channels: 3, background: { r: 255, g: 0, b: 0 } } }, left: 0, top: 0 }])
    .jpeg()
    .toBuffer();
  return sharp(halves)
    .withExif({
      IFD0: { Make: 'Brandgen Test Camera' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>')
    .jpeg()
    .toBuffer();
}

function upload(app: TestBrandgen, projectId: string, body: Uint8Array | string, contentType = 'image/png'): Promise<Response> {
  return fetch(`${app.baseUrl}/api/projects/${projectId}/inspiration`, { method: 'PUT', headers: { 'content-type': contentType }, body });
}

async function storedInspirationFiles(app: TestBrandgen, projectId: string): Promise<string[]> {
  return readdir(path.join(app.dataDirectory, 'images', 'projects', projectId)).catch(() => []);
}

describeEachDatabase('project inspiration image', (database) => {
  let app: TestBrandgen;
  before(async () => {
    app = await startTestBrandgen(await database.environment(), { retentionSweepIntervalMs: 0 });
  });
  after(async () => app.close());

  async function createProject(): Promise<any> {
    const response = await postJson(app.baseUrl, '/api/projects', { name: 'Tidewater launch', brief });
    assert.equal(response.status, 201);
    return response.json();
  }

  test('a new project has no inspiration image', async () => {
    const project = await createProject();
    assert.equal(project.inspiration, null);
    const missing = await fetch(`${app.baseUrl}/api/projects/${project.id}/inspiration`);
    assert.equal(missing.status, 404);
    assert.match(((await missing.json()) as any).error.message, /no inspiration image/);
  });

  for (const [format, contentType] of [
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['webp', 'image/webp'],
  ] as const) {
    test(`a ${format.toUpperCase()} upload is stored as a clean WebP and served with an ETag`, async () => {
      const project = await createProject();
      const bytes = await picture(320, 240).toFormat(format).toBuffer();
      const response = await upload(app, project.id, bytes, contentType);
      assert.equal(response.status, 200, await response.clone().text());
      const updated = (await response.json()) as any;
      assert.deepEqual({ ...updated.inspiration, url: undefined }, { url: undefined, width: 320, height: 240, media_type: 'image/webp' });
      assert.match(updated.inspiration.url, new RegExp(`^/api/projects/${project.id}/inspiration\\?v=[0-9a-f]{16}$`));
      assert.deepEqual(((await (await fetch(`${app.baseUrl}/api/projects/${project.id}`)).json()) as any).inspiration, updated.inspiration);

      const image = await fetch(`${app.baseUrl}${updated.inspiration.url}`);
      assert.equal(image.status, 200);
      assert.equal(image.headers.get('content-type'), 'image/webp');
      assert.equal(image.headers.get('cache-control'), 'private, no-cache');
      const etag = image.headers.get('etag')!;
      assert.match(etag, /^"[0-9a-f]{32}"$/);
      const stored = Buffer.from(await image.arrayBuffer());
      assert.equal((await sharp(stored).metadata()).format, 'webp');
      const row = await app.brandgen.database.selectFrom('projects').selectAll().where('id', '=', project.id).executeTakeFirstOrThrow();
      assert.equal(Number(row.inspiration_byte_size), stored.byteLength);
      const again = await fetch(`${app.baseUrl}${updated.inspiration.url}`, { headers: { 'if-none-match': etag } });
      assert.equal(again.status, 304);
    });
  }

  test('a photo is turned upright by its EXIF orientation and loses every piece of metadata (GPS included)', async () => {
    const project = await createProject();
    const original = await photoWithExif();
    const before = await sharp(original).metadata();
    assert.equal(before.orientation, 6);
    assert.ok(before.exif && before.xmp, 'the fixture carries EXIF and XMP');

    const response = await fetch(`${app.baseUrl}/api/projects/${project.id}/inspiration`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: original,
    });
    assert.equal(response.status, 200, await response.clone().text());
    const { inspiration } = (await response.json()) as any;
    assert.equal(inspiration.width, 100);
    assert.equal(inspiration.height, 200);

    const stored = Buffer.from(await (await fetch(`${app.baseUrl}${inspiration.url}`)).arrayBuffer());
    const after = await sharp(stored).metadata();
    assert.equal(after.width, 100);
    assert.equal(after.height, 200);
    assert.equal(after.exif, undefined, 'no EXIF');
    assert.equal(after.xmp, undefined, 'no XMP');
    assert.equal(after.icc, undefined, 'no ICC profile');
    assert.equal(after.orientation, undefined);
    assert.ok(!stored.includes(Buffer.from('Brandgen Test Camera')));
    // Rotated 90° clockwise: the red left half is now on top.
    const { data } = await sharp(stored).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const top = [data[(20 * 100 + 50) * 3], data[(20 * 100 + 50) * 3 + 2]];
    const bottom = [data[(180 * 100 + 50) * 3], data[(180 * 100 + 50) * 3 + 2]];
    assert.ok(top[0]! > 200 && top[1]! < 60, `top is red: ${top}`);
    assert.ok(bottom[0]! < 60 && bottom[1]! > 200, `bottom is blue: ${bottom}`);
  });

  test('the content decides: a text file called .png is refused with 415 in plain words, and so is JSON', async () => {
    const project = await createProject();
    const text = await upload(app, project.id, 'this is not a picture, just text in a file named logo.png', 'image/png');
    assert.equal(text.status, 415);
    const body = (await text.json()) as any;
    assert.equal(body.error.code, 'unsupported_image');
    assert.equal(body.error.message, 'This file is not a PNG, JPEG or WebP image. Upload a picture in one of those formats.');
    const gif = await upload(app, project.id, await picture(100, 100).gif().toBuffer(), 'image/png');
    assert.equal(gif.status, 415);
    const json = await upload(app, project.id, JSON.stringify({ image: 'x' }), 'application/json');
    assert.equal(json.status, 415);
    assert.equal(((await json.json()) as any).error.code, 'unsupported_image');
    assert.equal(((await (await fetch(`${app.baseUrl}/api/projects/${project.id}`)).json()) as any).inspiration, null);
  });

  test('more than 10 MB is refused with 413', async () => {
    const project = await createProject();
    const response = await upload(app, project.id, new Uint8Array(10 * 1024 * 1024 + 1), 'image/jpeg');
    assert.equal(response.status, 413);
    const body = (await response.json()) as any;
    assert.equal(body.error.code, 'image_too_large');
    assert.match(body.error.message, /larger than 10 MB/);
  });

  test('more than 40 megapixels, or less than 64×64, is refused with 400 in plain words', async () => {
    const project = await createProject();
    const huge = await upload(app, project.id, await picture(8000, 5001).png({ compressionLevel: 9 }).toBuffer());
    assert.equal(huge.status, 400);
    const hugeBody = (await huge.json()) as any;
    assert.equal(hugeBody.error.code, 'image_too_many_pixels');
    assert.match(hugeBody.error.message, /8000×5001 pixels.*at most 40 megapixels/);

    const tiny = await upload(app, project.id, await picture(63, 200).png().toBuffer());
    assert.equal(tiny.status, 400);
    const tinyBody = (await tiny.json()) as any;
    assert.equal(tinyBody.error.code, 'image_too_small');
    assert.match(tinyBody.error.message, /63×200 pixels.*at least 64×64/);
  });

  test('a replacement deletes the old file; removing the image or the project deletes its file', async () => {
    const project = await createProject();
    const first = (await (await upload(app, project.id, await picture(100, 100).png().toBuffer())).json()) as any;
    const [firstFile] = await storedInspirationFiles(app, project.id);
    assert.ok(firstFile);
    const second = (await (await upload(app, project.id, await picture(300, 150).jpeg().toBuffer(), 'image/jpeg')).json()) as any;
    assert.notEqual(second.inspiration.url, first.inspiration.url);
    const files = await storedInspirationFiles(app, project.id);
    assert.equal(files.length, 1);
    assert.notEqual(files[0], firstFile);

    const removed = await fetch(`${app.baseUrl}/api/projects/${project.id}/inspiration`, { method: 'DELETE' });
    assert.equal(removed.status, 200);
    assert.equal(((await removed.json()) as any).inspiration, null);
    assert.deepEqual(await storedInspirationFiles(app, project.id), []);
    assert.equal((await fetch(`${app.baseUrl}/api/projects/${project.id}/inspiration`)).status, 404);

    await upload(app, project.id, await picture(100, 100).png().toBuffer());
    assert.equal((await storedInspirationFiles(app, project.id)).length, 1);
    assert.equal((await fetch(`${app.baseUrl}/api/projects/${project.id}`, { method: 'DELETE' })).status, 204);
    assert.deepEqual(await storedInspirationFiles(app, project.id), []);
    assert.equal((await fetch(`${app.baseUrl}/api/projects/${project.id}`)).status, 404);
    assert.equal((await fetch(`${app.baseUrl}/api/projects/${project.id}`, { method: 'DELETE' })).status, 404);
  });

  test("another user's project answers 404 to every inspiration route, and its image is untouched", async () => {
    const project = await createProject();
    await upload(app, project.id, await picture(100, 100).png().toBuffer());
    await app.brandgen.database.updateTable('projects').set({ user_id: 'someone-else' }).where('id', '=', project.id).execute();
    const png = await picture(100, 100).png().toBuffer();
    for (const [method, body] of [['GET'], ['DELETE'], ['PUT', png]] as const) {
      const response = await fetch(`${app.baseUrl}/api/projects/${project.id}/inspiration`, {
        method,
        ...(body && { body, headers: { 'content-type': 'image/png' } }),
      });
      assert.equal(response.status, 404, method);
      assert.equal(((await response.json()) as any).error.message, 'There is no project with this id.');
    }
    assert.equal((await fetch(`${app.baseUrl}/api/projects/${project.id}`, { method: 'DELETE' })).status, 404);
    assert.equal((await storedInspirationFiles(app, project.id)).length, 1);
  });
});
