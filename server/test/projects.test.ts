import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFakeOpenAiChat } from './support/fake-openai-chat.ts';
import { postJson, startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';

const brief = {
  brand_name: 'Tidewater',
  industry: 'coffee roaster',
  audience: 'commuters',
  tone: ['calm'],
  style_words: ['flat', 'nautical'],
  colours: ['navy', 'sand'],
  dos: ['use waves'],
  donts: ['cups'],
};

async function createProject(app: TestBrandgen): Promise<any> {
  const response = await postJson(app.baseUrl, '/api/projects', { name: 'Tidewater launch', brief });
  assert.equal(response.status, 201, await response.clone().text());
  return response.json();
}

describeEachDatabase('brand projects without a language model', (database) => {
  let app: TestBrandgen;
  before(async () => {
    app = await startTestBrandgen(await database.environment(), { retentionSweepIntervalMs: 0 });
  });
  after(async () => app.close());

  test('create, read, list and update a project with its brief', async () => {
    const project = await createProject(app);
    assert.deepEqual(project.brief, brief);
    assert.equal(project.images_url, `/api/images?project_id=${project.id}`);
    assert.deepEqual(await (await fetch(`${app.baseUrl}/api/projects/${project.id}`)).json(), project);
    const updated = await fetch(`${app.baseUrl}/api/projects/${project.id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Renamed', brief: { brand_name: 'Tidewater' } }),
    });
    const body = (await updated.json()) as any;
    assert.equal(body.name, 'Renamed');
    assert.deepEqual(body.brief.tone, []);
    const list = (await (await fetch(`${app.baseUrl}/api/projects`)).json()) as any;
    const listed = list.projects.find((entry: any) => entry.id === project.id);
    assert.equal(listed.image_count, 0);
    assert.equal(listed.cover_url, null, 'no cover before the first image');
    assert.equal(listed.last_change_at, body.updated_at);
  });

  test('Expand brief falls back to the labelled template expansion, and a prompt generates images filed under the project', async () => {
    const project = await createProject(app);
    const response = await postJson(app.baseUrl, `/api/projects/${project.id}/expand`, { count: 4 });
    assert.equal(response.status, 200);
    const expanded = (await response.json()) as any;
    assert.equal(expanded.source, 'template');
    assert.match(expanded.label, /not by AI/);
    assert.equal(expanded.prompts.length, 4);
    assert.equal(new Set(expanded.prompts).size, 4);

    const started = await postJson(app.baseUrl, `/api/projects/${project.id}/generate`, { prompt: expanded.prompts[0] });
    assert.equal(started.status, 202);
    const { job_id } = (await started.json()) as { job_id: string };
    await waitForJob(app.baseUrl, job_id);
    const images = (await (await fetch(`${app.baseUrl}${project.images_url}`)).json()) as any;
    assert.equal(images.images.length, 4);
    assert.ok(images.images.every((image: any) => image.project_id === project.id));

    const variations = await fetch(`${app.baseUrl}/api/images/${images.images[0].id}/variations`, { method: 'POST' });
    await waitForJob(app.baseUrl, ((await variations.json()) as { job_id: string }).job_id);
    const all = (await (await fetch(`${app.baseUrl}${project.images_url}`)).json()) as any;
    assert.equal(all.images.length, 8, 'variations stay in the project');
    assert.equal(all.images.filter((image: any) => image.parent_id === images.images[0].id).length, 4);
    const card = ((await (await fetch(`${app.baseUrl}/api/projects`)).json()) as any).projects.find(
      (entry: any) => entry.id === project.id,
    );
    assert.equal(card.image_count, 8, 'the card counts every image of the project');
    assert.equal(card.cover_url, all.images[0].thumbnail_url, 'the newest image is the cover');
    assert.equal(card.last_change_at, all.images[0].created_at);
  });

  test('the expanded prompts are kept with the project, replaced by the next expansion, and survive an edit of the brief', async () => {
    const project = await createProject(app);
    assert.equal(project.expansion, null, 'no prompts before the first expansion');
    const first = (await (await postJson(app.baseUrl, `/api/projects/${project.id}/expand`, { count: 3 })).json()) as any;
    const read = (await (await fetch(`${app.baseUrl}/api/projects/${project.id}`)).json()) as any;
    assert.deepEqual(read.expansion, first);
    assert.equal(read.expansion.prompts.length, 3);
    assert.equal(read.updated_at, first.expanded_at);

    const second = (await (await postJson(app.baseUrl, `/api/projects/${project.id}/expand`, { count: 5 })).json()) as any;
    const replaced = (await (await fetch(`${app.baseUrl}/api/projects/${project.id}`)).json()) as any;
    assert.deepEqual(replaced.expansion.prompts, second.prompts);
    assert.equal(replaced.expansion.prompts.length, 5);

    const edited = await fetch(`${app.baseUrl}/api/projects/${project.id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Edited', brief }),
    });
    assert.deepEqual(((await edited.json()) as any).expansion.prompts, second.prompts);
    const listed = (await (await fetch(`${app.baseUrl}/api/projects`)).json()) as any;
    assert.deepEqual(listed.projects.find((entry: any) => entry.id === project.id).expansion.prompts, second.prompts);
  });

  test('Generate all starts one batch of every stored prompt, its images filed under the project', async () => {
    const project = await createProject(app);
    const none = await postJson(app.baseUrl, `/api/projects/${project.id}/generate-all`, {});
    assert.equal(none.status, 409);
    assert.match(((await none.json()) as any).error.message, /Expand the brief first/);

    const expanded = (await (await postJson(app.baseUrl, `/api/projects/${project.id}/expand`, { count: 2 })).json()) as any;
    const response = await postJson(app.baseUrl, `/api/projects/${project.id}/generate-all`, {});
    assert.equal(response.status, 201, await response.clone().text());
    const batch = (await response.json()) as any;
    assert.equal(response.headers.get('location'), `/api/batches/${batch.id}`);
    assert.deepEqual(
      batch.jobs.map((job: any) => job.prompt),
      expanded.prompts,
    );
    for (const job of batch.jobs) await waitForJob(app.baseUrl, job.job_id);
    const images = (await (await fetch(`${app.baseUrl}${project.images_url}`)).json()) as any;
    assert.equal(images.images.length, 8);
    assert.ok(images.images.every((image: any) => image.project_id === project.id));
    const stored = (await (await fetch(`${app.baseUrl}/api/batches/${batch.id}`)).json()) as any;
    assert.equal(stored.jobs.length, 2);

    assert.equal((await postJson(app.baseUrl, `/api/projects/${project.id}/generate-all`, { model: 'nope' })).status, 400);
    assert.equal((await postJson(app.baseUrl, '/api/projects/0190a3c4-0000-7000-8000-000000000000/generate-all', {})).status, 404);
  });

  const invalid: Array<[string, string, unknown, string]> = [
    ['a project without a brand name', '/api/projects', { name: 'x', brief: {} }, 'brief.brand_name'],
    ['a project without a name', '/api/projects', { brief }, 'name'],
    ['a brief with an unknown field', '/api/projects', { name: 'x', brief: { ...brief, mood: 'x' } }, 'brief.mood'],
    ['21 colours', '/api/projects', { name: 'x', brief: { ...brief, colours: Array.from({ length: 21 }, () => 'red') } }, 'brief.colours'],
  ];
  for (const [name, route, body, field] of invalid) {
    test(`400 for ${name}`, async () => {
      const response = await postJson(app.baseUrl, route, body);
      assert.equal(response.status, 400);
      const answer = (await response.json()) as any;
      assert.ok(
        answer.error.fields.some((entry: any) => entry.field === field),
        JSON.stringify(answer),
      );
    });
  }

  test('expand and generate check their input; unknown projects are 404', async () => {
    const project = await createProject(app);
    for (const count of [0, 13, 2.5, 'six']) {
      assert.equal((await postJson(app.baseUrl, `/api/projects/${project.id}/expand`, { count })).status, 400);
    }
    assert.equal((await postJson(app.baseUrl, `/api/projects/${project.id}/generate`, { prompt: ' ' })).status, 400);
    for (const id of ['0190a3c4-0000-7000-8000-000000000000', 'nope']) {
      assert.equal((await fetch(`${app.baseUrl}/api/projects/${id}`)).status, 404);
      assert.equal((await postJson(app.baseUrl, `/api/projects/${id}/expand`, {})).status, 404);
      assert.equal((await postJson(app.baseUrl, `/api/projects/${id}/generate`, { prompt: 'x' })).status, 404);
    }
  });
});

describeEachDatabase('brand projects with a language model (OpenAI chat completions API)', (database) => {
  let app: TestBrandgen;
  let fake: Awaited<ReturnType<typeof startFakeOpenAiChat>>;
  before(async () => {
    fake = await startFakeOpenAiChat();
    app = await startTestBrandgen(
      {
        ...(await database.environment()),
        BRANDGEN_LLM_BASE_URL: fake.baseUrl,
        BRANDGEN_LLM_MODEL: 'gpt-test-mini',
        BRANDGEN_LLM_API_KEY: 'sk-test-123',
      },
      { retentionSweepIntervalMs: 0 },
    );
  });
  after(async () => {
    await app.close();
    await fake.close();
  });

  test('Expand brief asks the model for a structured list of prompts and returns them', async () => {
    const project = await createProject(app);
    const prompts = ['a calm navy wave logo for Tidewater', 'a sand-coloured pattern of waves', 'a flat nautical poster'];
    fake.answerWith({ content: JSON.stringify({ prompts }) });
    const response = await postJson(app.baseUrl, `/api/projects/${project.id}/expand`, { count: 3 });
    assert.equal(response.status, 200, await response.clone().text());
    const { expanded_at: expandedAt, ...expanded } = (await response.json()) as any;
    assert.deepEqual(expanded, { source: 'llm', label: 'Written by the language model gpt-test-mini.', prompts });
    const stored = (await (await fetch(`${app.baseUrl}/api/projects/${project.id}`)).json()) as any;
    assert.deepEqual(stored.expansion, { ...expanded, expanded_at: expandedAt }, 'the prompts are kept with the project');

    const request = fake.requests.at(-1)!;
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/v1/chat/completions');
    assert.equal(request.authorization, 'Bearer sk-test-123');
    assert.equal(request.body.model, 'gpt-test-mini');
    assert.equal(request.body.response_format.type, 'json_schema');
    assert.equal(request.body.response_format.json_schema.schema.properties.prompts.type, 'array');
    assert.equal(request.body.messages[0].role, 'system');
    const user = request.body.messages.find((message: any) => message.role === 'user');
    assert.match(JSON.stringify(user.content), /Write 3 distinct image prompts/);
    assert.match(JSON.stringify(user.content), /Tidewater/);
  });

  test('a model failure or an answer of the wrong shape is a 502 in plain words', async () => {
    const project = await createProject(app);
    fake.answerWith({ status: 500, message: 'The server had an error while processing your request.' });
    const failed = await postJson(app.baseUrl, `/api/projects/${project.id}/expand`, { count: 3 });
    assert.equal(failed.status, 502);
    const body = (await failed.json()) as any;
    assert.equal(body.error.code, 'brief_expansion_failed');
    assert.match(body.error.message, /could not expand the brief/);

    fake.answerWith({ content: JSON.stringify({ prompts: ['only one'] }) });
    const wrong = await postJson(app.baseUrl, `/api/projects/${project.id}/expand`, { count: 3 });
    assert.equal(wrong.status, 502);
  });
});
