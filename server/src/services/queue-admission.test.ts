import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleJob } from '../../test/support/sample-job.ts';
import type { Job } from '../domain/job.ts';
import { describeEachDatabase } from '../../test/support/test-database.ts';
import { JobRepository } from '../db/job-repository.ts';
import { systemClock } from './clock.ts';
import { QueueAdmission } from './queue-admission.ts';

const REFRESH_MS = 1_000;

/** One API process's view of the queue, on a clock the test moves by hand. */
function apiProcess(repository: JobRepository, maxQueue: number, clock: { ms: number }) {
  const admission = new QueueAdmission({
    countUnfinished: () => repository.countUnfinished(),
    maxQueue,
    refreshMs: REFRESH_MS,
    nowMs: () => clock.ms,
  });
  return {
    hasRoom: () => admission.hasRoom(),
    async accept(): Promise<Job> {
      assert.equal(await admission.hasRoom(), true, 'the queue has room for this job');
      const job = sampleJob(systemClock.newId());
      await repository.insert(job);
      admission.accepted();
      return job;
    },
  };
}

describeEachDatabase('queue admission', (database) => {
  test('one API process refuses exactly at the limit, and admits again as soon as a job finishes', async () => {
    const repository = new JobRepository({ database: await database.open() });
    const clock = { ms: 0 };
    const api = apiProcess(repository, 3, clock);
    const first = await api.accept();
    await api.accept();
    await api.accept();
    assert.equal(await api.hasRoom(), false, 'the jobs it accepted itself count at once, without waiting for a refresh');
    const at = systemClock.now();
    await repository.transition(first.id, ['queued'], 'complete', { completedAt: at }, { type: 'complete', data: {}, createdAt: at });
    assert.equal(await api.hasRoom(), true, 'a refusal is checked against a fresh count');
    assert.equal(await repository.countUnfinished(), 2);
  });

  test("another API process's jobs count from the next refresh on", async () => {
    const repository = new JobRepository({ database: await database.open() });
    const clock = { ms: 0 };
    const one = apiProcess(repository, 2, clock);
    const two = apiProcess(repository, 2, clock);
    assert.equal(await one.hasRoom(), true);
    await two.accept();
    await two.accept();
    assert.equal(await two.hasRoom(), false);
    assert.equal(await one.hasRoom(), true, 'within the refresh interval the other process is not yet counted (the documented overshoot)');
    clock.ms += REFRESH_MS;
    assert.equal(await one.hasRoom(), false, 'after it, the count includes every process');
  });

  test('requests that need a count at the same moment share one', async () => {
    const repository = new JobRepository({ database: await database.open() });
    let counts = 0;
    const admission = new QueueAdmission({
      countUnfinished: () => {
        counts += 1;
        return repository.countUnfinished();
      },
      maxQueue: 5,
      refreshMs: REFRESH_MS,
      nowMs: () => 0,
    });
    assert.deepEqual(await Promise.all(Array.from({ length: 10 }, () => admission.hasRoom())), Array(10).fill(true));
    assert.equal(counts, 1);
  });
});
