import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_BRAND_ID } from '../domain/brand.ts';
import { newTestService, testModels } from '../../test/support/new-test-service.ts';
import { sampleJob } from '../../test/support/sample-job.ts';
import { BudgetExceededError, NotFoundError, QueueFullError, ValidationError } from './errors.ts';
import type { RefinementSource } from './generation-service.ts';

const source: RefinementSource = {
  id: '01900000-0000-7000-8000-0000000000a1',
  prompt: 'a lighthouse at dusk',
  model: 'editor',
  assetType: 'hero_image',
  projectId: null,
  blobKey: 'jobs/j/0.png',
};

/** The field errors of a ValidationError, for assert.rejects. */
const fieldError = (field: string, message: RegExp) => (error: unknown) =>
  error instanceof ValidationError && error.fields.some((problem) => problem.field === field && message.test(problem.message));

describe('GenerationService: asking for images', () => {
  test('accepts a request: stores the job queued, composed from the default brand, and queues it', async () => {
    const { sut, fakes } = newTestService();
    const job = await sut.generation.generate({ userId: 'ada', prompt: '  a red   bicycle ', seed: 7 });
    assert.equal(job.status, 'queued');
    assert.equal(job.prompt, 'a red bicycle', 'the prompt is stored normalised');
    assert.equal(job.model, 'editor', 'the first model is the default');
    assert.deepEqual(job.brand, { id: DEFAULT_BRAND_ID, version: 1 });
    assert.match(job.finalPrompt, /a red bicycle/);
    assert.deepEqual(
      job.slots.map((slot) => slot.seed),
      [7, 8, 9, 10],
    );
    assert.equal(job.settings.assetType, 'product_illustration');
    assert.equal(job.settings.preset, 'standard');
    assert.equal(job.estimatedCostUsd, 0.04);
    assert.deepEqual(fakes.queue.enqueued, [job.id]);
    assert.equal((await fakes.jobs.findById(job.id))?.userId, 'ada');
  });

  test('a named brand makes the job with its newest version', async () => {
    const { sut, fakes } = newTestService();
    fakes.brands.addVersion('01900000-0000-7000-8000-0000000000b1', 'Harbour Coffee');
    const newest = fakes.brands.addVersion('01900000-0000-7000-8000-0000000000b1', 'Harbour Coffee 2');
    const job = await sut.generation.generate({ userId: 'ada', prompt: 'a mug', brandId: newest.ref.id });
    assert.deepEqual(job.brand, newest.ref);
    assert.deepEqual(job.settings.brandLook?.name, 'Harbour Coffee 2');
  });

  test('refuses an unknown model, an unknown brand and an archived brand, storing nothing', async () => {
    const { sut, fakes } = newTestService();
    await assert.rejects(
      sut.generation.generate({ userId: 'ada', prompt: 'a mug', model: 'nope' }),
      fieldError('model', /no model called "nope"/),
    );
    await assert.rejects(
      sut.generation.generate({ userId: 'ada', prompt: 'a mug', brandId: 'unknown' }),
      fieldError('brand_id', /no brand/),
    );
    fakes.brands.addVersion('01900000-0000-7000-8000-0000000000b2', 'Old');
    fakes.brands.archived.add('01900000-0000-7000-8000-0000000000b2');
    await assert.rejects(
      sut.generation.generate({ userId: 'ada', prompt: 'a mug', brandId: '01900000-0000-7000-8000-0000000000b2' }),
      fieldError('brand_id', /no brand/),
    );
    assert.equal(fakes.jobs.jobs.size, 0);
    assert.deepEqual(fakes.queue.enqueued, []);
  });

  test('refuses with QueueFullError once the unfinished jobs fill the queue', async () => {
    const { sut, fakes } = newTestService({ maxQueue: 2 });
    await sut.generation.generate({ userId: 'ada', prompt: 'one' });
    await sut.generation.generate({ userId: 'ada', prompt: 'two' });
    await assert.rejects(sut.generation.generate({ userId: 'ada', prompt: 'three' }), QueueFullError);
    assert.equal(fakes.queue.enqueued.length, 2);
  });

  test("refuses with BudgetExceededError once this month's spend reaches the budget", async () => {
    const { sut, fakes } = newTestService({ monthlyBudgetUsd: 10 });
    fakes.usage.spentUsd = 9.99;
    await sut.generation.generate({ userId: 'ada', prompt: 'under budget' });
    fakes.usage.spentUsd = 10;
    await assert.rejects(sut.generation.generate({ userId: 'ada', prompt: 'over budget' }), BudgetExceededError);
    assert.equal(fakes.jobs.jobs.size, 1);
  });

  test("lists a user's jobs newest first, a page at a time; everyone's for an administrator", async () => {
    const { sut } = newTestService();
    const made = [];
    for (const prompt of ['one', 'two', 'three']) made.push(await sut.generation.generate({ userId: 'ada', prompt }));
    await sut.generation.generate({ userId: 'bob', prompt: 'other' });
    const first = await sut.generation.listJobs('ada', 2, undefined);
    assert.deepEqual(
      first.jobs.map((job) => job.prompt),
      ['three', 'two'],
    );
    const second = await sut.generation.listJobs('ada', 2, first.nextCursor ?? undefined);
    assert.deepEqual(
      second.jobs.map((job) => job.id),
      [made[0]!.id],
    );
    assert.equal(second.nextCursor, null);
    assert.equal((await sut.generation.listJobs(undefined, 10, undefined)).jobs.length, 4);
  });
});

describe('GenerationService: more of a job', () => {
  test('"more" repeats the prompt and settings with new seeds and the source\'s own brand version', async () => {
    const { sut, fakes } = newTestService();
    const first = await sut.generation.generate({ userId: 'ada', prompt: 'a kite', seed: 100, assetType: 'icon', preset: 'high' });
    // The brand moves on; "more" keeps the version the job was made with.
    fakes.brands.addVersion(DEFAULT_BRAND_ID, 'Renamed');
    const more = await sut.generation.generateMore('ada', first.id);
    assert.equal(more.sourceJobId, first.id);
    assert.equal(more.prompt, 'a kite');
    assert.equal(more.settings.assetType, 'icon');
    assert.equal(more.settings.preset, 'high');
    assert.equal(more.settings.seed, null, 'new seeds');
    assert.deepEqual(more.brand, first.brand);
    assert.deepEqual(fakes.queue.enqueued, [first.id, more.id]);
  });

  test("another user's job answers like a missing one, except to an administrator", async () => {
    const { sut } = newTestService();
    const job = await sut.generation.generate({ userId: 'ada', prompt: 'a kite' });
    await assert.rejects(sut.generation.generateMore('bob', job.id), NotFoundError);
    await assert.rejects(sut.generation.generateMore('ada', '01900000-0000-7000-8000-00000000dead'), NotFoundError);
    assert.equal((await sut.generation.generateMore('bob', job.id, { anyOwner: true })).userId, 'bob');
  });

  test('"more" of a job whose model is gone is a field error', async () => {
    const { sut, fakes } = newTestService();
    await fakes.jobs.insert(sampleJob('01900000-0000-7000-8000-0000000000c1', { userId: 'ada', model: 'retired' }));
    await assert.rejects(
      sut.generation.generateMore('ada', '01900000-0000-7000-8000-0000000000c1'),
      fieldError('model', /no longer configured/),
    );
  });
});

describe('GenerationService: variations and edits of an image', () => {
  test('variations without a strength are new seeds of the source, its child, in its asset type', async () => {
    const { sut } = newTestService();
    const job = await sut.generation.vary({ userId: 'ada', source, preset: 'draft' });
    assert.equal(job.prompt, source.prompt);
    assert.equal(job.model, 'editor');
    assert.equal(job.settings.parentImageId, source.id);
    assert.equal(job.settings.assetType, 'hero_image');
    assert.equal(job.settings.preset, 'draft');
    assert.deepEqual(job.settings.refinement, { kind: 'variation', strength: null, sourceBlobKey: null });
  });

  test('a strength redraws the source image, only with a model that can', async () => {
    const { sut, fakes } = newTestService();
    const redrawn = await sut.generation.vary({ userId: 'ada', source, strength: 0.4 });
    assert.deepEqual(redrawn.settings.refinement, { kind: 'variation', strength: 0.4, sourceBlobKey: source.blobKey });
    await assert.rejects(
      sut.generation.vary({ userId: 'ada', source: { ...source, model: 'painter' }, strength: 0.4 }),
      fieldError('strength', /Painter cannot redraw/),
    );
    assert.equal(fakes.queue.enqueued.length, 1);
  });

  test('variations of an edited image redraw it, at the edit strength unless one is given', async () => {
    const { sut } = newTestService();
    const editedSource: RefinementSource = { ...source, refinement: { kind: 'edit', instruction: 'make the sky green' } };
    const job = await sut.generation.vary({ userId: 'ada', source: editedSource });
    assert.equal(job.prompt, source.prompt);
    assert.deepEqual(job.settings.refinement, { kind: 'variation', strength: 0.5, sourceBlobKey: source.blobKey });
    const told = await sut.generation.vary({ userId: 'ada', source: editedSource, strength: 0.2 });
    assert.deepEqual(told.settings.refinement, { kind: 'variation', strength: 0.2, sourceBlobKey: source.blobKey });
    const painted = await sut.generation.vary({ userId: 'ada', source: { ...editedSource, model: 'painter' } });
    assert.deepEqual(painted.settings.refinement, { kind: 'variation', strength: null, sourceBlobKey: null }, 'a model that cannot redraw');
  });

  test('variations of an edited image by a model that only edits send the image to it, with no strength', async () => {
    const models = testModels().map((model) => (model.id === 'editor' ? { ...model, supportsImageToImage: false } : model));
    const { sut } = newTestService({ models });
    const editedSource: RefinementSource = { ...source, refinement: { kind: 'edit', instruction: 'make the sky green' } };
    const job = await sut.generation.vary({ userId: 'ada', source: editedSource });
    assert.deepEqual(job.settings.refinement, { kind: 'variation', strength: null, sourceBlobKey: source.blobKey });
    const plain = await sut.generation.vary({ userId: 'ada', source });
    assert.deepEqual(plain.settings.refinement, { kind: 'variation', strength: null, sourceBlobKey: null }, 'an image never edited');
  });

  test('an edit sends the instruction as it is, keeping the source prompt as its prompt', async () => {
    const { sut } = newTestService();
    const job = await sut.generation.edit({ userId: 'ada', source, instruction: ' make the sky   green ', seed: 3 });
    assert.equal(job.model, 'editor');
    assert.equal(job.prompt, source.prompt);
    assert.equal(job.finalPrompt, 'make the sky green', 'not composed with the brand kit');
    assert.equal(job.negativePrompt, '');
    assert.equal(job.settings.assetType, 'hero_image');
    assert.deepEqual(job.settings.refinement, {
      kind: 'edit',
      instruction: 'make the sky green',
      sourcePrompt: source.prompt,
      sourceBlobKey: source.blobKey,
    });
  });

  test('an edit picks an editor when the source model cannot edit, and refuses a model that cannot', async () => {
    const { sut } = newTestService();
    const fromPainter = await sut.generation.edit({ userId: 'ada', source: { ...source, model: 'painter' }, instruction: 'bluer' });
    assert.equal(fromPainter.model, 'editor');
    await assert.rejects(
      sut.generation.edit({ userId: 'ada', source, instruction: 'bluer', model: 'painter' }),
      fieldError('model', /Painter cannot edit images\. Choose a model that can edit: editor\./),
    );
    await assert.rejects(
      sut.generation.edit({ userId: 'ada', source, instruction: 'bluer', model: 'nope' }),
      fieldError('model', /no model called/),
    );
  });

  test('without any model that can edit, an edit says so', async () => {
    const { sut } = newTestService({ models: testModels().filter((entry) => !entry.supportsEdit) });
    await assert.rejects(
      sut.generation.edit({ userId: 'ada', source: { ...source, model: 'painter' }, instruction: 'bluer' }),
      fieldError('model', /No configured model can edit images/),
    );
  });
});
