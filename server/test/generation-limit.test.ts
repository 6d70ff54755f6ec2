import assert from 'node:assert/strict';
import { test } from 'node:test';
import { postJson, startTestBrandgen, waitForJob } from './support/test-brandgen.ts';

async function assertRefused(response: Response, what: string): Promise<void> {
  assert.equal(response.status, 429, `${what}: ${await response.clone().text()}`);
  assert.ok(Number(response.headers.get('retry-after')) > 0, `${what}: Retry-After`);
  const body = (await response.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, 'rate_limited', what);
  assert.match(body.error.message, /try again/);
}

test('one budget: once generate, variations and edit have spent it, every route that starts jobs is refused', async () => {
  const app = await startTestBrandgen({ BRANDGEN_RATE_LIMIT_PER_MINUTE: '3' });
  try {
    const first = (await (await postJson(app.baseUrl, '/api/generate', { prompt: 'a red kite' })).json()) as { job_id: string };
    await waitForJob(app.baseUrl, first.job_id);
    const images = (await (await fetch(`${app.baseUrl}/api/images?job_id=${first.job_id}`)).json()) as { images: Array<{ id: string }> };
    const image = images.images[0]!.id;
    const project = (await (await postJson(app.baseUrl, '/api/projects', { name: 'Kites', brief: { brand_name: 'Kites' } })).json()) as {
      id: string;
    };
    assert.equal((await postJson(app.baseUrl, `/api/images/${image}/variations`, {})).status, 202);
    assert.equal((await postJson(app.baseUrl, `/api/images/${image}/edit`, { instruction: 'a blue sky' })).status, 202);

    await assertRefused(await postJson(app.baseUrl, '/api/generate', { prompt: 'one more' }), 'generate');
    await assertRefused(await postJson(app.baseUrl, `/api/jobs/${first.job_id}/more`, {}), 'more');
    await assertRefused(await postJson(app.baseUrl, `/api/images/${image}/variations`, {}), 'variations');
    await assertRefused(await postJson(app.baseUrl, `/api/images/${image}/edit`, { instruction: 'a green sky' }), 'edit');
    await assertRefused(
      await postJson(app.baseUrl, `/api/projects/${project.id}/generate`, { prompt: 'a kite poster' }),
      'project generate',
    );
    await assertRefused(await postJson(app.baseUrl, '/api/batches', { prompts: ['a kite'] }), 'batch');
    const jobs = (await (await fetch(`${app.baseUrl}/api/jobs`)).json()) as { jobs: unknown[] };
    assert.equal(jobs.jobs.length, 3, 'refused requests start nothing');
  } finally {
    await app.close();
  }
});

test('a batch of N prompts counts N; one that does not fit what is left is refused whole and spends nothing', async () => {
  const app = await startTestBrandgen({ BRANDGEN_RATE_LIMIT_PER_MINUTE: '5' });
  try {
    assert.equal((await postJson(app.baseUrl, '/api/batches', { prompts: ['a', 'b', 'c'] })).status, 201);
    const refused = await postJson(app.baseUrl, '/api/batches', { prompts: ['d', 'e', 'f'] });
    await assertRefused(refused.clone(), 'a batch of 3 with 2 left');
    assert.match(((await refused.json()) as { error: { message: string } }).error.message, /starts 3 generations and you have 2 of 5 left/);
    assert.equal((await postJson(app.baseUrl, '/api/generate', { prompt: 'g' })).status, 202);
    assert.equal((await postJson(app.baseUrl, '/api/generate', { prompt: 'h' })).status, 202);
    await assertRefused(await postJson(app.baseUrl, '/api/generate', { prompt: 'i' }), 'the sixth generation');
  } finally {
    await app.close();
  }
});

test('a batch larger than the whole budget starts from an untouched minute and spends all of it', async () => {
  const app = await startTestBrandgen({ BRANDGEN_RATE_LIMIT_PER_MINUTE: '2' });
  try {
    assert.equal((await postJson(app.baseUrl, '/api/batches', { prompts: ['a', 'b', 'c', 'd'] })).status, 201);
    await assertRefused(await postJson(app.baseUrl, '/api/generate', { prompt: 'e' }), 'after the big batch');
  } finally {
    await app.close();
  }
});
