import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { DEFAULT_BRAND_ID } from '../src/domain/brand.ts';
import { callApi, pictureWithMetadata, trainingForm, trainingPicture } from './support/training-images.ts';
import { startTestBrandgen, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';

const setsRoute = `/api/brands/${DEFAULT_BRAND_ID}/training-sets`;

const call = callApi;

async function pictures(seeds: number[], size = 640) {
  return Promise.all(seeds.map(async (seed) => ({ name: `picture-${seed}.png`, bytes: await trainingPicture(seed, size) })));
}

describeEachDatabase('training sets', (database) => {
  let app: TestBrandgen;
  before(async () => {
    app = await startTestBrandgen(await database.environment(), { retentionSweepIntervalMs: 0 });
  });
  after(async () => {
    await app?.close();
  });

  test('a set is created from uploaded pictures: cleaned, captioned with the trigger word, flagged, and not yet trainable', async () => {
    const files = [
      ...(await pictures([1, 2, 3])),
      { name: 'copy-of-1.png', bytes: await trainingPicture(1, 800) },
      { name: 'small.png', bytes: await trainingPicture(9, 300) },
      { name: 'camera.jpg', bytes: await pictureWithMetadata(4), type: 'image/jpeg' },
    ];
    assert.ok((await sharp(files[5]!.bytes).metadata()).exif, 'the upload carries EXIF to strip');
    const form = trainingForm(files, { trigger_word: 'brdgn style', kind: 'style', captions: JSON.stringify(['a red block', null, '']) });
    const answer = await call(app, 'POST', setsRoute, form);
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    const set = answer.body;
    assert.equal(set.name, 'brdgn style style');
    assert.equal(set.images.length, 6);
    assert.deepEqual(
      set.images.map((image: any) => image.caption),
      ['a red block', 'brdgn style', 'brdgn style', 'brdgn style', 'brdgn style', 'brdgn style'],
    );
    const byName = Object.fromEntries(set.images.map((image: any) => [image.file_name, image]));
    assert.equal(byName['copy-of-1.png'].near_duplicate_of, byName['picture-1.png'].id);
    assert.equal(byName['picture-2.png'].near_duplicate_of, null);
    assert.equal(byName['small.png'].small, true);
    assert.equal(byName['picture-2.png'].small, false);
    assert.equal(set.ready, false);
    assert.match(set.problems[0], /has 6 images; a training needs at least 10\. Add 4 more/u);

    const stored = await fetch(`${app.baseUrl}${byName['camera.jpg'].url}`);
    assert.equal(stored.headers.get('content-type'), 'image/webp');
    const metadata = await sharp(new Uint8Array(await stored.arrayBuffer())).metadata();
    assert.equal(metadata.format, 'webp');
    assert.equal(metadata.exif, undefined, 'the EXIF (camera, GPS) is stripped');

    const added = await call(app, 'POST', `${setsRoute}/${set.id}/images`, trainingForm(await pictures([5, 6, 7, 8])));
    assert.equal(added.status, 200, JSON.stringify(added.body));
    assert.equal(added.body.images.length, 10);
    assert.equal(added.body.ready, true);
    assert.deepEqual(added.body.problems, []);

    const removed = await call(app, 'DELETE', `${setsRoute}/${set.id}/images/${byName['small.png'].id}`);
    assert.equal(removed.status, 200);
    assert.equal(removed.body.images.length, 9);
    assert.equal(removed.body.ready, false);

    const edited = await call(app, 'PUT', `${setsRoute}/${set.id}`, {
      name: 'Brand look',
      kind: 'subject',
      captions: { [byName['picture-2.png'].id]: 'a blue block' },
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.name, 'Brand look');
    assert.equal(edited.body.kind, 'subject');
    assert.equal(edited.body.images.find((image: any) => image.id === byName['picture-2.png'].id).caption, 'a blue block');

    const listed = await call(app, 'GET', setsRoute);
    assert.deepEqual(
      listed.body.training_sets.map((listedSet: any) => listedSet.id),
      [set.id],
    );
    assert.equal((await call(app, 'DELETE', `${setsRoute}/${set.id}`)).status, 204);
    assert.equal((await call(app, 'GET', `${setsRoute}/${set.id}`)).status, 404);
    assert.equal((await fetch(`${app.baseUrl}${byName['picture-2.png'].url}`)).status, 404);
  });

  test('a file that is not a picture, a bad kind or trigger word is refused in plain words, and nothing is kept', async () => {
    const files = [...(await pictures([11])), { name: 'notes.png', bytes: new TextEncoder().encode('not a picture at all') }];
    const answer = await call(app, 'POST', setsRoute, trainingForm(files, { trigger_word: 'brdgn', kind: 'style' }));
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.fields[0].field, 'images[1]');
    assert.match(answer.body.error.fields[0].message, /^notes\.png: This file is not a PNG, JPEG or WebP image/u);
    const wrong = await call(app, 'POST', setsRoute, trainingForm(await pictures([12]), { trigger_word: '', kind: 'mood' }));
    assert.equal(wrong.status, 400);
    assert.deepEqual(
      wrong.body.error.fields.map((field: any) => field.field),
      ['trigger_word', 'kind'],
    );
    const json = await call(app, 'POST', setsRoute, { trigger_word: 'x', kind: 'style' });
    assert.equal(json.status, 400);
    assert.deepEqual((await call(app, 'GET', setsRoute)).body.training_sets, []);
  });

  test('more than fifty pictures are refused', async () => {
    const one = await trainingPicture(21, 64);
    const files = Array.from({ length: 51 }, (_, index) => ({ name: `p${index}.png`, bytes: one }));
    const answer = await call(app, 'POST', setsRoute, trainingForm(files, { trigger_word: 'brdgn', kind: 'style' }));
    assert.equal(answer.status, 413, JSON.stringify(answer.body));
    assert.equal(answer.body.error.code, 'too_many_images');
  });
});
