import assert from 'node:assert/strict';
import { it } from 'node:test';
import { jobFinishedEvent } from '../domain/webhook.ts';
import { describeEachDatabase } from '../../test/support/test-database.ts';
import { sampleJob } from '../../test/support/sample-job.ts';
import { BatchRepository } from './batch-repository.ts';
import { JobRepository } from './job-repository.ts';
import { WebhookRepository } from './webhook-repository.ts';

const NOW = '2026-11-30T05:00:00.000Z';

describeEachDatabase('the webhook outbox', (testDatabase) => {
  async function setUp() {
    const database = await testDatabase.open();
    const jobs = new JobRepository({ database });
    const batches = new BatchRepository({ database });
    const webhooks = new WebhookRepository({ database });
    await webhooks.insertEndpoint(
      {
        id: '01900000-0000-7000-8000-0000000000e1',
        userId: 'user-a',
        allUsers: false,
        url: 'https://hooks.example.com/',
        description: '',
        events: ['job.completed', 'batch.completed'],
        enabled: true,
        disabledReason: null,
        createdAt: NOW,
        updatedAt: NOW,
      },
      'sealed',
    );
    const finish = async (id: string) => {
      const job = (await jobs.findById(id))!;
      await jobs.transition(id, ['queued'], 'complete', { completedAt: NOW }, { type: 'complete', data: {}, createdAt: NOW });
      await jobs.markFiled(id, { filedAt: NOW }, jobFinishedEvent(job, 'complete', null, NOW));
    };
    const types = async () =>
      (await webhooks.listDeliveries('01900000-0000-7000-8000-0000000000e1')).map((delivery) => delivery.eventType).sort();
    return { jobs, batches, finish, types };
  }

  it("writes a job's delivery as it is filed, and none when a second filing loses the race", async () => {
    const { jobs, finish, types } = await setUp();
    await jobs.insert(sampleJob('01900000-0000-7000-8000-000000000001'));
    await finish('01900000-0000-7000-8000-000000000001');
    await finish('01900000-0000-7000-8000-000000000001');
    assert.deepEqual(await types(), ['job.completed']);
  });

  it('announces a batch once, when the last of its jobs finishes', async () => {
    const { batches, finish, types } = await setUp();
    // A batch is stored with all its jobs in one transaction, so it is never seen half listed.
    const batch = { id: '01900000-0000-7000-8000-0000000000b1', userId: 'user-a', templateId: null, createdAt: NOW, cancelledAt: null };
    await batches.insertWithJobs(batch, [
      sampleJob('01900000-0000-7000-8000-000000000002'),
      sampleJob('01900000-0000-7000-8000-000000000003'),
    ]);
    await finish('01900000-0000-7000-8000-000000000002');
    assert.deepEqual(await types(), ['job.completed']);
    await finish('01900000-0000-7000-8000-000000000003');
    assert.deepEqual(await types(), ['batch.completed', 'job.completed', 'job.completed']);
    await finish('01900000-0000-7000-8000-000000000003');
    assert.deepEqual(await types(), ['batch.completed', 'job.completed', 'job.completed'], 'a lost race announces nothing twice');
  });
});
