import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { startFakeAnthropicMessages } from './fakes/fake-anthropic-messages.ts';
import { startFakeGoogleGenerateContent } from './fakes/fake-google-generate-content.ts';
import { startFakeOpenAiChat } from './support/fake-openai-chat.ts';
import { postJson, startTestBrandgen, type TestBrandgen } from './support/test-brandgen.ts';

const brief = { brand_name: 'Tidewater', industry: 'coffee roaster', audience: 'commuters', colours: ['navy', 'sand'], donts: ['cups'] };
const prompts = ['a calm navy wave logo for Tidewater', 'a sand-coloured pattern of waves', 'a flat nautical poster'];
const system =
  'You write prompts for an image model that makes brand assets. Each prompt describes one distinct asset (logo, banner, ' +
  'social post, pattern, icon…) in one sentence of at most 60 words, follows the brief, and never mentions anything the brief forbids.';
const userText =
  /^Write 3 distinct image prompts for this brand brief:\n\{\n {2}"brandName": "Tidewater",[\s\S]*"donts": \[\n {4}"cups"\n {2}\]\n\}$/;

async function createProject(app: TestBrandgen): Promise<string> {
  const created = await postJson(app.baseUrl, '/api/projects', { name: 'Tidewater launch', brief });
  assert.equal(created.status, 201);
  return ((await created.json()) as { id: string }).id;
}

/** Uploads an inspiration image and answers the cleaned bytes Brandgen stored, which the model must receive. */
async function addInspiration(app: TestBrandgen, projectId: string): Promise<Buffer> {
  const png = await sharp({ create: { width: 96, height: 96, channels: 3, background: '#1d3557' } })
    .png()
    .toBuffer();
  const uploaded = await fetch(`${app.baseUrl}/api/projects/${projectId}/inspiration`, {
    method: 'PUT',
    headers: { 'content-type': 'image/png' },
    body: png,
  });
  assert.equal(uploaded.status, 200);
  const { inspiration } = (await uploaded.json()) as any;
  return Buffer.from(await (await fetch(`${app.baseUrl}${inspiration.url}`)).arrayBuffer());
}

async function expand(app: TestBrandgen, projectId: string): Promise<Response> {
  return postJson(app.baseUrl, `/api/projects/${projectId}/expand`, { count: 3 });
}

async function assertReturnsPrompts(response: Response, model: string): Promise<void> {
  assert.equal(response.status, 200, await response.clone().text());
  const { expanded_at: expandedAt, ...expanded } = (await response.json()) as { expanded_at: string };
  assert.deepEqual(expanded, { source: 'llm', label: `Written by the language model ${model}.`, prompts });
  assert.ok(!Number.isNaN(Date.parse(expandedAt)), 'the expansion says when it was made');
}

async function assertPlainFailure(response: Response, reason: RegExp): Promise<void> {
  assert.equal(response.status, 502);
  const body = (await response.json()) as any;
  assert.equal(body.error.code, 'brief_expansion_failed');
  assert.match(body.error.message, /^The language model could not expand the brief \(.+\)\. Try again, or edit the prompts by hand\.$/s);
  assert.match(body.error.message, reason);
}

describe('Expand brief with OpenAI (chat completions)', () => {
  let app: TestBrandgen;
  let fake: Awaited<ReturnType<typeof startFakeOpenAiChat>>;
  before(async () => {
    fake = await startFakeOpenAiChat();
    app = await startTestBrandgen({
      BRANDGEN_LLM_PROVIDER: 'openai',
      BRANDGEN_LLM_MODEL: 'gpt-4o-mini',
      BRANDGEN_LLM_API_KEY: 'sk-openai-test',
      BRANDGEN_LLM_BASE_URL: fake.baseUrl,
    });
  });
  after(async () => {
    await app.close();
    await fake.close();
  });

  test('sends the brief, the system prompt and a strict JSON schema; the prompts come back', async () => {
    fake.answerWith({ content: JSON.stringify({ prompts }) });
    await assertReturnsPrompts(await expand(app, await createProject(app)), 'gpt-4o-mini');
    const request = fake.requests.at(-1)!;
    assert.equal(request.path, '/v1/chat/completions');
    assert.equal(request.authorization, 'Bearer sk-openai-test');
    assert.equal(request.body.model, 'gpt-4o-mini');
    assert.equal(request.body.max_completion_tokens ?? request.body.max_tokens, 4000);
    assert.equal(request.body.response_format.type, 'json_schema');
    assert.equal(request.body.response_format.json_schema.strict, true);
    assert.deepEqual(request.body.response_format.json_schema.schema.required, ['prompts']);
    assert.deepEqual(request.body.messages[0], { role: 'system', content: system });
    assert.equal(request.body.messages.length, 2);
    assert.match(request.body.messages[1].content, userText);
  });

  test('with an inspiration image, the model sees it as an image part', async () => {
    const projectId = await createProject(app);
    const stored = await addInspiration(app, projectId);
    fake.answerWith({ content: JSON.stringify({ prompts }) });
    await assertReturnsPrompts(await expand(app, projectId), 'gpt-4o-mini');
    const content = fake.requests.at(-1)!.body.messages[1].content;
    assert.equal(content.length, 3);
    assert.match(content[0].text, userText);
    assert.match(content[1].text, /inspiration image shows the look/);
    assert.deepEqual(content[2], { type: 'image_url', image_url: { url: `data:image/webp;base64,${stored.toString('base64')}` } });
  });

  test('a 429 from OpenAI is a 502 in plain words', async () => {
    fake.answerWith({ status: 429, message: 'Rate limit reached for gpt-4o-mini.' });
    await assertPlainFailure(await expand(app, await createProject(app)), /Rate limit reached/);
  });
});

describe('Expand brief with Google (Gemini generateContent)', () => {
  let app: TestBrandgen;
  let fake: Awaited<ReturnType<typeof startFakeGoogleGenerateContent>>;
  before(async () => {
    fake = await startFakeGoogleGenerateContent('google-test-key');
    app = await startTestBrandgen({
      BRANDGEN_LLM_PROVIDER: 'google',
      BRANDGEN_LLM_MODEL: 'gemini-2.5-flash',
      GOOGLE_GENERATIVE_AI_API_KEY: 'google-test-key',
      GOOGLE_GENERATIVE_AI_BASE_URL: fake.baseUrl,
    });
  });
  after(async () => {
    await app.close();
    await fake.close();
  });

  test('sends the brief with a system instruction and a JSON response schema; the prompts come back', async () => {
    fake.answerWith({ text: JSON.stringify({ prompts }) });
    await assertReturnsPrompts(await expand(app, await createProject(app)), 'gemini-2.5-flash');
    const request = fake.apiRequests().at(-1)!;
    assert.equal(request.path, '/v1beta/models/gemini-2.5-flash:generateContent');
    assert.equal(request.headers['x-goog-api-key'], 'google-test-key');
    assert.deepEqual(request.body.systemInstruction, { parts: [{ text: system }] });
    assert.equal(request.body.generationConfig.responseMimeType, 'application/json');
    assert.equal(request.body.generationConfig.maxOutputTokens, 4000);
    const schema = request.body.generationConfig.responseJsonSchema;
    assert.deepEqual(schema.required, ['prompts']);
    assert.deepEqual(
      { type: schema.properties.prompts.type, minItems: schema.properties.prompts.minItems, maxItems: schema.properties.prompts.maxItems },
      { type: 'array', minItems: 3, maxItems: 3 },
    );
    assert.equal(request.body.contents.length, 1);
    assert.equal(request.body.contents[0].role, 'user');
    assert.equal(request.body.contents[0].parts.length, 1);
    assert.match(request.body.contents[0].parts[0].text, userText);
  });

  test('with an inspiration image, the model sees it as inline data', async () => {
    const projectId = await createProject(app);
    const stored = await addInspiration(app, projectId);
    fake.answerWith({ text: JSON.stringify({ prompts }) });
    await assertReturnsPrompts(await expand(app, projectId), 'gemini-2.5-flash');
    const parts = fake.apiRequests().at(-1)!.body.contents[0].parts;
    assert.equal(parts.length, 3);
    assert.deepEqual(parts[2], { inlineData: { mimeType: 'image/webp', data: stored.toString('base64') } });
  });

  test('a 429 from Google is a 502 in plain words', async () => {
    fake.answerWith({ status: 429, message: 'Resource has been exhausted (e.g. check quota).', status_name: 'RESOURCE_EXHAUSTED' });
    await assertPlainFailure(await expand(app, await createProject(app)), /Resource has been exhausted/);
  });
});

describe('Expand brief with Anthropic (Messages API)', () => {
  let app: TestBrandgen;
  let fake: Awaited<ReturnType<typeof startFakeAnthropicMessages>>;
  before(async () => {
    fake = await startFakeAnthropicMessages('anthropic-test-key');
    app = await startTestBrandgen({
      BRANDGEN_LLM_PROVIDER: 'anthropic',
      BRANDGEN_LLM_MODEL: 'claude-sonnet-4-5',
      ANTHROPIC_API_KEY: 'anthropic-test-key',
      ANTHROPIC_BASE_URL: fake.baseUrl,
    });
  });
  after(async () => {
    await app.close();
    await fake.close();
  });

  test('sends the brief with a system prompt and a JSON schema output format; the prompts come back', async () => {
    fake.answerWith({ json: { prompts } });
    await assertReturnsPrompts(await expand(app, await createProject(app)), 'claude-sonnet-4-5');
    const request = fake.apiRequests().at(-1)!;
    assert.equal(request.path, '/v1/messages');
    assert.equal(request.headers['x-api-key'], 'anthropic-test-key');
    assert.equal(request.headers['anthropic-version'], '2023-06-01');
    assert.equal(request.body.model, 'claude-sonnet-4-5');
    assert.equal(request.body.max_tokens, 4000);
    assert.deepEqual(request.body.system, [{ type: 'text', text: system }]);
    assert.equal(request.body.output_config.format.type, 'json_schema');
    assert.deepEqual(request.body.output_config.format.schema.required, ['prompts']);
    assert.equal(request.body.output_config.format.schema.properties.prompts.type, 'array');
    assert.equal(request.body.tools, undefined);
    assert.equal(request.body.messages.length, 1);
    assert.equal(request.body.messages[0].role, 'user');
    assert.equal(request.body.messages[0].content.length, 1);
    assert.match(request.body.messages[0].content[0].text, userText);
  });

  test('with an inspiration image, the model sees it as a base64 image block', async () => {
    const projectId = await createProject(app);
    const stored = await addInspiration(app, projectId);
    fake.answerWith({ json: { prompts } });
    await assertReturnsPrompts(await expand(app, projectId), 'claude-sonnet-4-5');
    const content = fake.apiRequests().at(-1)!.body.messages[0].content;
    assert.equal(content.length, 3);
    assert.deepEqual(content[2], { type: 'image', source: { type: 'base64', media_type: 'image/webp', data: stored.toString('base64') } });
  });

  test('a 429 from Anthropic is retried once, then a 502 in plain words', async () => {
    const before = fake.apiRequests().length;
    fake.answerWith({
      status: 429,
      type: 'rate_limit_error',
      message: 'Number of request tokens has exceeded your per-minute rate limit.',
    });
    await assertPlainFailure(await expand(app, await createProject(app)), /per-minute rate limit/);
    assert.equal(fake.apiRequests().length - before, 2, 'one retry');
  });

  test('an older model without native structured outputs is made to call a `json` tool, whose input holds the prompts', async () => {
    const older = await startTestBrandgen({
      BRANDGEN_LLM_PROVIDER: 'anthropic',
      BRANDGEN_LLM_MODEL: 'claude-3-haiku-20240307',
      ANTHROPIC_API_KEY: 'anthropic-test-key',
      ANTHROPIC_BASE_URL: fake.baseUrl,
    });
    try {
      fake.answerWith({ json: { prompts } });
      await assertReturnsPrompts(await expand(older, await createProject(older)), 'claude-3-haiku-20240307');
      const request = fake.apiRequests().at(-1)!;
      assert.equal(request.body.output_config, undefined);
      assert.deepEqual(request.body.tool_choice, { type: 'any', disable_parallel_tool_use: true });
      assert.equal(request.body.tools.length, 1);
      assert.equal(request.body.tools[0].name, 'json');
      assert.deepEqual(request.body.tools[0].input_schema.required, ['prompts']);
    } finally {
      await older.close();
    }
  });

  test('an answer of the wrong shape is a 502 in plain words', async () => {
    fake.answerWith({ json: { prompts: ['only one'] } });
    await assertPlainFailure(await expand(app, await createProject(app)), /.+/);
  });
});
