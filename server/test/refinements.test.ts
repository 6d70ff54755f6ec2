import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { ImageModelV4, ImageModelV4CallOptions } from '@ai-sdk/provider';
import { licences } from '../src/domain/licences.ts';
import { createDemoImageModel } from '../src/providers/demo/demo-image-model.ts';
import { fixedCatalogEntry, type CatalogEntry } from '../src/providers/image-model-catalog.ts';
import { postJson, startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';

const palette = ['#1F3A5F', '#3E7CB1', '#F2A541', '#F4E9D8', '#E4572E'];

/** Every call a model receives, to check what was sent with the source image. */
type RecordedCall = Pick<ImageModelV4CallOptions, 'prompt' | 'files' | 'providerOptions' | 'seed'>;

/** The demo model, recording its calls; `holdRefinements` makes calls with a source image wait until aborted. */
function recordingDemo(calls: RecordedCall[], holdRefinements = false): ImageModelV4 {
  const demo = createDemoImageModel({ palette, brandName: 'Test', latencyMs: 0 });
  return {
    ...demo,
    async doGenerate(options) {
      if (holdRefinements && options.files?.length) {
        await new Promise((_resolve, reject) => options.abortSignal?.addEventListener('abort', () => reject(options.abortSignal?.reason)));
      }
      calls.push({ prompt: options.prompt, files: options.files, providerOptions: options.providerOptions, seed: options.seed });
      return demo.doGenerate(options);
    },
  };
}

function models(calls: RecordedCall[], options: { editor?: boolean; holdRefinements?: boolean } = {}): () => CatalogEntry[] {
  const { editor = true, holdRefinements = false } = options;
  const plain = fixedCatalogEntry({
    id: 'plain',
    label: 'Plain model',
    provider: 'plain',
    description: 'takes no source image',
    isDemo: true,
    licence: licences.demo,
    model: createDemoImageModel({ palette, brandName: 'Test', latencyMs: 0 }),
  });
  if (!editor) return () => [plain];
  const demo = fixedCatalogEntry({
    id: 'demo',
    label: 'Demo',
    provider: 'brandgen-demo',
    description: 'edits and redraws',
    isDemo: true,
    licence: licences.demo,
    model: recordingDemo(calls, holdRefinements),
    sourceImages: true,
  });
  return () => [demo, plain];
}

async function started(response: Response): Promise<string> {
  assert.equal(response.status, 202, await response.clone().text());
  const { job_id, status } = (await response.json()) as { job_id: string; status: string };
  assert.equal(status, 'queued');
  assert.equal(response.headers.get('location'), `/api/jobs/${job_id}`);
  return job_id;
}

async function getJson(app: TestBrandgen, route: string): Promise<any> {
  const response = await fetch(`${app.baseUrl}${route}`);
  assert.equal(response.status, 200, route);
  return response.json();
}

async function bytesOf(app: TestBrandgen, url: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetch(`${app.baseUrl}${url}`)).arrayBuffer());
}

/** A finished job's images, as the library lists them. */
async function imagesOf(app: TestBrandgen, jobId: string): Promise<any[]> {
  return (await getJson(app, `/api/images?job_id=${jobId}`)).images;
}

async function fieldErrors(response: Response): Promise<Array<{ field: string; message: string }>> {
  assert.equal(response.status, 400, await response.clone().text());
  const body = (await response.json()) as any;
  assert.equal(body.error.code, 'validation_failed');
  return body.error.fields;
}

describeEachDatabase('edits and image-to-image variations over HTTP', (database) => {
  let app: TestBrandgen;
  const calls: RecordedCall[] = [];
  let project: any;
  let source: any;
  let plainSource: any;
  let editedImage: any;

  before(async () => {
    app = await startTestBrandgen(await database.environment(), { retentionSweepIntervalMs: 0, models: models(calls) });
    const created = await postJson(app.baseUrl, '/api/projects', { name: 'Tidewater', brief: { brand_name: 'Tidewater' } });
    project = await created.json();
    const job = await started(await postJson(app.baseUrl, `/api/projects/${project.id}/generate`, { prompt: 'a lighthouse at dawn' }));
    await waitForJob(app.baseUrl, job);
    source = (await imagesOf(app, job))[0];
    const plainJob = await started(await postJson(app.baseUrl, '/api/generate', { prompt: 'a harbour crane', model: 'plain' }));
    await waitForJob(app.baseUrl, plainJob);
    plainSource = (await imagesOf(app, plainJob))[0];
  });
  after(async () => app.close());

  test('the model list says which models edit and which redraw with a strength', async () => {
    const { models: listed } = await getJson(app, '/api/models');
    const byId = Object.fromEntries(listed.map((model: any) => [model.id, model]));
    assert.equal(byId.demo.supports_edit, true);
    assert.equal(byId.demo.supports_image_to_image, true);
    assert.equal(byId.plain.supports_edit, false);
    assert.equal(byId.plain.supports_image_to_image, false);
  });

  test('an edit is a job of four children of the image, in its project, made from its bytes and the instruction', async () => {
    const instruction = 'make the background blue';
    calls.length = 0;
    const jobId = await started(await postJson(app.baseUrl, `/api/images/${source.id}/edit`, { instruction, seed: 100 }));
    const job = await waitForJob(app.baseUrl, jobId);
    assert.equal(job.status, 'complete');
    assert.equal(job.prompt, 'a lighthouse at dawn', 'the job keeps the prompt of the image it edits');
    assert.equal(job.final_prompt, instruction, 'the instruction goes to the model as it is');
    assert.equal(job.model, 'demo');
    assert.deepEqual(job.refinement, { kind: 'edit', parent_image_id: source.id, instruction, source_prompt: 'a lighthouse at dawn' });
    assert.deepEqual(
      job.slots.map((slot: any) => slot.seed),
      [100, 101, 102, 103],
    );

    const children = await imagesOf(app, jobId);
    assert.equal(children.length, 4);
    for (const child of children) {
      assert.equal(child.parent_id, source.id);
      assert.equal(child.project_id, project.id);
      assert.deepEqual(child.refinement, { kind: 'edit', instruction });
      assert.equal(child.prompt, 'a lighthouse at dawn', 'the instruction is not the prompt');
    }
    editedImage = children[0];
    const listedUnderParent = (await getJson(app, `/api/images?parent_id=${source.id}`)).images;
    assert.equal(listedUnderParent.length, 4);

    const sourceBytes = await bytesOf(app, source.url);
    assert.equal(calls.length, 4);
    for (const call of calls) {
      assert.equal(call.prompt, instruction);
      assert.equal(call.files?.length, 1);
      const file = call.files![0]!;
      assert.equal(file.type, 'file');
      assert.deepEqual(file.type === 'file' && new Uint8Array(file.data as Uint8Array), sourceBytes, 'the stored source image is sent');
      assert.deepEqual(call.providerOptions, {}, 'an edit sends no strength');
    }
    const edited = await bytesOf(app, children[0].url);
    assert.notDeepEqual(edited, sourceBytes);
  });

  test("variations of an edit redraw the edited image itself, from the source's prompt", async () => {
    calls.length = 0;
    const jobId = await started(await fetch(`${app.baseUrl}/api/images/${editedImage.id}/variations`, { method: 'POST' }));
    const job = await waitForJob(app.baseUrl, jobId);
    assert.equal(job.status, 'complete');
    assert.equal(job.prompt, 'a lighthouse at dawn');
    assert.deepEqual(job.refinement, { kind: 'variation', parent_image_id: editedImage.id, strength: 0.5 });
    const editedBytes = await bytesOf(app, editedImage.url);
    assert.equal(calls.length, 4);
    for (const call of calls) {
      const file = call.files?.[0];
      assert.ok(file?.type === 'file', 'redrawn from an image');
      assert.deepEqual(new Uint8Array(file.data as Uint8Array), editedBytes, 'from the edited image, not its ancestor');
      assert.equal((call.providerOptions as any)['brandgen-demo'].strength, 0.5);
    }
    const children = await imagesOf(app, jobId);
    assert.ok(children.every((child) => child.parent_id === editedImage.id && child.prompt === 'a lighthouse at dawn'));
  });

  test('variations with a strength send the image with that strength; without one, new seeds of the same settings', async () => {
    calls.length = 0;
    const withStrength = await started(await postJson(app.baseUrl, `/api/images/${source.id}/variations`, { strength: 0.4 }));
    const job = await waitForJob(app.baseUrl, withStrength);
    assert.equal(job.status, 'complete');
    assert.equal(job.prompt, source.prompt);
    assert.deepEqual(job.refinement, { kind: 'variation', parent_image_id: source.id, strength: 0.4 });
    const children = await imagesOf(app, withStrength);
    assert.equal(children.length, 4);
    assert.ok(children.every((child) => child.parent_id === source.id && child.project_id === project.id));
    assert.deepEqual(children[0].refinement, { kind: 'variation', strength: 0.4 });
    assert.equal(calls.length, 4);
    assert.ok(calls.every((call) => call.files?.length === 1 && (call.providerOptions as any)['brandgen-demo'].strength === 0.4));

    calls.length = 0;
    const plain = await started(await fetch(`${app.baseUrl}/api/images/${source.id}/variations`, { method: 'POST' }));
    await waitForJob(app.baseUrl, plain);
    const plainChildren = await imagesOf(app, plain);
    assert.equal(plainChildren.length, 4);
    assert.deepEqual(plainChildren[0].refinement, { kind: 'variation', strength: null });
    assert.equal(plainChildren[0].project_id, project.id);
    assert.ok(
      calls.every((call) => call.files === undefined),
      'no source image without a strength',
    );
    const empty = await started(await postJson(app.baseUrl, `/api/images/${source.id}/variations`, {}));
    await waitForJob(app.baseUrl, empty);
  });

  test('variations and edits keep the quality preset the image was made with', async () => {
    const high = await started(await postJson(app.baseUrl, '/api/generate', { prompt: 'a signal flag', preset: 'high' }));
    await waitForJob(app.baseUrl, high);
    const [image] = await imagesOf(app, high);
    const variation = await started(await postJson(app.baseUrl, `/api/images/${image.id}/variations`, {}));
    assert.equal((await waitForJob(app.baseUrl, variation)).preset, 'high');
    const edit = await started(await postJson(app.baseUrl, `/api/images/${image.id}/edit`, { instruction: 'make it red' }));
    assert.equal((await waitForJob(app.baseUrl, edit)).preset, 'high', 'edits keep it too');
    const drafted = await started(
      await postJson(app.baseUrl, `/api/images/${image.id}/edit`, { instruction: 'make it red', preset: 'draft' }),
    );
    assert.equal((await waitForJob(app.baseUrl, drafted)).preset, 'draft', 'unless another is asked for');
  });

  test('an image of a model that cannot edit is edited by the first model that can', async () => {
    const jobId = await started(await postJson(app.baseUrl, `/api/images/${plainSource.id}/edit`, { instruction: 'add a gull' }));
    const job = await waitForJob(app.baseUrl, jobId);
    assert.equal(job.model, 'demo');
    assert.equal(job.status, 'complete');
  });

  const invalidEdits: Array<[string, unknown, string, RegExp]> = [
    ['an empty instruction', { instruction: '   ' }, 'instruction', /Say what to change/],
    ['no instruction', {}, 'instruction', /Say what to change/],
    ['an instruction of 1001 characters', { instruction: 'x'.repeat(1001) }, 'instruction', /1000/],
    [
      'a model that cannot edit',
      { instruction: 'blue', model: 'plain' },
      'model',
      /Plain model cannot edit images\. Choose a model that can edit: demo/,
    ],
    ['an unknown model', { instruction: 'blue', model: 'nope' }, 'model', /no model called "nope"/],
    ['an unknown preset', { instruction: 'blue', preset: 'ultra' }, 'preset', /draft, standard, high/],
    ['an unknown field', { instruction: 'blue', strength: 0.5 }, 'strength', /./],
  ];
  for (const [name, body, field, message] of invalidEdits) {
    test(`an edit with ${name} is a 400 on ${field}`, async () => {
      const fields = await fieldErrors(await postJson(app.baseUrl, `/api/images/${source.id}/edit`, body));
      const error = fields.find((entry) => entry.field === field);
      assert.ok(error, JSON.stringify(fields));
      assert.match(error.message, message);
    });
  }

  test('a strength out of range, or on a model that cannot redraw an image, is a 400 in plain words', async () => {
    for (const strength of [0, 0.01, 1.5, 'much']) {
      const fields = await fieldErrors(await postJson(app.baseUrl, `/api/images/${source.id}/variations`, { strength }));
      assert.match(fields[0]!.message, /strength must be a number from 0.05 to 1/);
    }
    const fields = await fieldErrors(await postJson(app.baseUrl, `/api/images/${plainSource.id}/variations`, { strength: 0.5 }));
    assert.deepEqual(
      fields.map((entry) => entry.field),
      ['strength'],
    );
    assert.match(fields[0]!.message, /Plain model cannot redraw an existing image, so it takes no strength/);
  });

  test('unknown images are 404 for both routes', async () => {
    for (const id of ['0190a3c4-0000-7000-8000-000000000000', 'nope']) {
      assert.equal((await postJson(app.baseUrl, `/api/images/${id}/edit`, { instruction: 'blue' })).status, 404);
      assert.equal((await postJson(app.baseUrl, `/api/images/${id}/variations`, { strength: 0.5 })).status, 404);
    }
  });
});

describeEachDatabase('edits without an edit-capable model', (database) => {
  let app: TestBrandgen;
  before(async () => {
    app = await startTestBrandgen(await database.environment(), { retentionSweepIntervalMs: 0, models: models([], { editor: false }) });
  });
  after(async () => app.close());

  test('answer 400 saying no configured model can edit', async () => {
    const job = await started(await postJson(app.baseUrl, '/api/generate', { prompt: 'a harbour crane' }));
    await waitForJob(app.baseUrl, job);
    const image = (await imagesOf(app, job))[0];
    const fields = await fieldErrors(await postJson(app.baseUrl, `/api/images/${image.id}/edit`, { instruction: 'blue' }));
    assert.deepEqual(
      fields.map((entry) => entry.field),
      ['model'],
    );
    assert.match(fields[0]!.message, /No configured model can edit images/);
  });
});

/** Starts an edit on a Brandgen whose edits wait, and stops it while the edit is running. */
async function interruptedEdit(environment: Record<string, string>) {
  const first = await startTestBrandgen(environment, { retentionSweepIntervalMs: 0, models: models([], { holdRefinements: true }) });
  const generated = await started(await postJson(first.baseUrl, '/api/generate', { prompt: 'a lighthouse at dawn' }));
  await waitForJob(first.baseUrl, generated);
  const source = (await imagesOf(first, generated))[0];
  const sourceBytes = await bytesOf(first, source.url);
  const jobId = await started(await postJson(first.baseUrl, `/api/images/${source.id}/edit`, { instruction: 'add a red boat' }));
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if ((await getJson(first, `/api/jobs/${jobId}`)).status === 'processing') break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await first.brandgen.stop();
  return { first, source, sourceBytes, jobId };
}

describeEachDatabase('an edit interrupted by a restart', (database) => {
  test('resumes after the restart with the source image read from the blob store', async () => {
    const environment = await database.environment();
    const { first, source, sourceBytes, jobId } = await interruptedEdit(environment);
    let second: TestBrandgen | undefined;
    try {
      const calls: RecordedCall[] = [];
      second = await startTestBrandgen(
        { ...environment, BRANDGEN_DATA_DIR: first.dataDirectory },
        { retentionSweepIntervalMs: 0, models: models(calls) },
      );
      const job = await waitForJob(second.baseUrl, jobId);
      assert.equal(job.status, 'complete');
      const children = await imagesOf(second, jobId);
      assert.equal(children.length, 4);
      assert.ok(children.every((child) => child.parent_id === source.id));
      assert.equal(calls.length, 4);
      for (const call of calls) {
        const file = call.files?.[0];
        assert.ok(file?.type === 'file');
        assert.deepEqual(new Uint8Array(file.data as Uint8Array), sourceBytes);
      }
    } finally {
      await second?.brandgen.stop();
      await first.close();
    }
  });

  test('fails its images in plain words when the source was removed meanwhile, without calling the model', async () => {
    const environment = await database.environment();
    const { first, source, jobId } = await interruptedEdit(environment);
    let second: TestBrandgen | undefined;
    try {
      await rm(path.join(first.dataDirectory, 'images', 'jobs', source.job_id, `${source.n}.png`));
      const calls: RecordedCall[] = [];
      second = await startTestBrandgen(
        { ...environment, BRANDGEN_DATA_DIR: first.dataDirectory },
        { retentionSweepIntervalMs: 0, models: models(calls) },
      );
      const job = await waitForJob(second.baseUrl, jobId);
      assert.equal(job.status, 'failed');
      assert.equal(job.error.code, 'generation_failed');
      assert.match(job.error.message, /^4 of 4 images could not be generated \(the image this job refines no longer exists\)\./);
      assert.equal(calls.length, 0);
    } finally {
      await second?.brandgen.stop();
      await first.close();
    }
  });
});
