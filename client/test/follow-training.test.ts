import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_BRAND_ID } from '../../server/src/domain/brand.ts';
import { trainingForm, trainingPicture } from '../../server/test/support/training-images.ts';
import { createBrandgenClient, unwrap, type TrainingEvent } from '../src/index.ts';
import { startCuttingProxy } from './support/cutting-proxy.ts';
import { startTestBrandgen, type TestBrandgen } from './support/brandgen-server.ts';

describe('followTraining against a real Brandgen (none mode)', () => {
  let server: TestBrandgen;
  before(async () => {
    server = await startTestBrandgen({}, { retentionSweepIntervalMs: 0, demoTrainingStepMs: 60 });
  });
  after(() => server?.close());

  it('follows a demo training to its end and resumes after a drop, missing and repeating nothing', async () => {
    const pictures = await Promise.all(
      Array.from({ length: 10 }, async (_, index) => ({ name: `p${index}.png`, bytes: await trainingPicture(index, 64) })),
    );
    const created = await fetch(`${server.baseUrl}/api/brands/${DEFAULT_BRAND_ID}/training-sets`, {
      method: 'POST',
      body: trainingForm(pictures, { trigger_word: 'brdgn', kind: 'style' }),
    });
    assert.equal(created.status, 201);
    const set = (await created.json()) as { id: string };
    const proxy = await startCuttingProxy(server.baseUrl, { cutStreamAfterEvents: 3 });
    try {
      const client = createBrandgenClient({ baseUrl: proxy.baseUrl });
      const training = await unwrap(
        client.api.POST('/api/brands/{id}/trainings', {
          params: { path: { id: DEFAULT_BRAND_ID } },
          body: { set_id: set.id, trainer: 'demo', steps: 6 },
        }),
      );
      const events: TrainingEvent[] = [];
      for await (const event of client.followTraining(training.id, { reconnectDelayMs: 10 })) events.push(event);
      assert.ok(proxy.streamRequests().length >= 2, 'one drop, then a resume');
      assert.deepEqual(
        events.map((event) => event.id),
        events.map((_, index) => String(index + 1)),
        'every event once, in order',
      );
      const steps = events.flatMap((event) => (event.type === 'progress' ? [event.data.step] : []));
      assert.deepEqual(steps, [1, 2, 3, 4, 5, 6]);
      const last = events.at(-1);
      assert.equal(last?.type, 'complete');
      if (last?.type === 'complete') assert.equal(last.data.lora_id, training.id);
    } finally {
      await proxy.close();
    }
  });
});
