import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readEventStream } from './support/read-sse.ts';
import { postJson, startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';

describeEachDatabase('live progress over Server-Sent Events', (database) => {
  let app: TestBrandgen;
  before(async () => {
    app = await startTestBrandgen({ ...(await database.environment()), BRANDGEN_DEMO_LATENCY_MS: '150' }, { heartbeatMs: 40 });
  });
  after(async () => app.close());

  test('the current state first, then each image and progress, then complete, then filed; the stream ends', async () => {
    const accepted = (await (await postJson(app.baseUrl, '/api/generate', { prompt: 'a live stream' })).json()) as any;
    const stream = await readEventStream(`${app.baseUrl}/api/jobs/${accepted.job_id}/events`);
    assert.equal(stream.status, 200);
    assert.match(stream.contentType ?? '', /^text\/event-stream/);
    const [first, ...rest] = stream.events;
    assert.equal(first!.event, 'state');
    assert.equal(first!.data.id, accepted.job_id);
    assert.ok(['queued', 'processing'].includes(first!.data.status));

    const images = rest.filter((event) => event.event === 'image');
    assert.deepEqual(images.map((event) => event.data.n).sort(), [0, 1, 2, 3]);
    for (const image of images) {
      assert.equal(image.data.url, `/api/jobs/${accepted.job_id}/images/${image.data.n}`);
      assert.equal(image.data.thumbnail_url, `/api/jobs/${accepted.job_id}/images/${image.data.n}/thumbnail`);
    }
    const progress = rest.filter((event) => event.event === 'progress').map((event) => event.data.done);
    assert.deepEqual(progress, [1, 2, 3, 4]);
    const [completed, filed] = rest.slice(-2);
    assert.equal(completed!.event, 'complete');
    assert.equal(completed!.data.status, 'complete');
    assert.equal(completed!.data.images.length, 4);
    assert.equal(filed!.event, 'filed');
    assert.equal(filed!.data.status, 'complete');
    assert.ok(filed!.data.filed_at, 'the job says when it was filed');
    assert.ok(
      filed!.data.slots.every((slot: { brand_fit: unknown }) => typeof slot.brand_fit === 'number'),
      'every image is scored by `filed`',
    );
    // The web feed switches to the thumbnails on `filed`: by then every one is there.
    for (const image of images) assert.equal((await fetch(`${app.baseUrl}${image.data.thumbnail_url}`)).status, 200);

    const ids = rest.map((event) => Number(event.id));
    assert.ok(
      ids.every((id, index) => index === 0 || id > ids[index - 1]!),
      `ids increase: ${ids}`,
    );
    assert.ok(
      stream.comments.some((comment) => comment === 'heartbeat'),
      'heartbeats keep proxies open',
    );
  });

  test('Last-Event-ID resumes after the last event the client saw', async () => {
    const accepted = (await (await postJson(app.baseUrl, '/api/generate', { prompt: 'resume me' })).json()) as any;
    await waitForJob(app.baseUrl, accepted.job_id);
    const everything = await readEventStream(`${app.baseUrl}/api/jobs/${accepted.job_id}/events`, { 'last-event-id': '0' });
    const stored = everything.events.slice(1);
    assert.ok(stored.length >= 10, 'state change, 4 images, 4 progress, complete, filed');
    const cut = stored[4]!;
    const resumed = await readEventStream(`${app.baseUrl}/api/jobs/${accepted.job_id}/events`, { 'last-event-id': cut.id! });
    assert.equal(resumed.events[0]!.event, 'state');
    assert.equal(resumed.events[0]!.id, undefined, 'the state of a resumed stream does not move the client position');
    assert.deepEqual(
      resumed.events.slice(1).map((event) => event.id),
      stored.slice(5).map((event) => event.id),
    );
    assert.deepEqual(
      resumed.events.slice(-2).map((event) => event.event),
      ['complete', 'filed'],
    );
  });

  test('a stream opened on a finished and filed job says so and ends', async () => {
    const accepted = (await (await postJson(app.baseUrl, '/api/generate', { prompt: 'already done' })).json()) as any;
    await waitForJob(app.baseUrl, accepted.job_id);
    const stream = await readEventStream(`${app.baseUrl}/api/jobs/${accepted.job_id}/events`);
    assert.deepEqual(
      stream.events.map((event) => event.event),
      ['state', 'complete', 'filed'],
    );
    assert.equal(stream.events[0]!.data.status, 'complete');
  });

  test('several clients on one job each receive every event', async () => {
    const accepted = (await (await postJson(app.baseUrl, '/api/generate', { prompt: 'many watchers' })).json()) as any;
    const streams = await Promise.all([1, 2, 3].map(() => readEventStream(`${app.baseUrl}/api/jobs/${accepted.job_id}/events`)));
    for (const stream of streams) {
      assert.equal(stream.events.filter((event) => event.event === 'image').length, 4);
      assert.deepEqual(
        stream.events.slice(-2).map((event) => event.event),
        ['complete', 'filed'],
      );
    }
  });
});
