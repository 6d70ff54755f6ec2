import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { REVIEW_SYSTEM_PROMPT } from '../src/providers/text/brand-reviewer.ts';
import { sendTo } from './support/app-requests.ts';
import { startFakeOpenAiChat } from './support/fake-openai-chat.ts';
import { postJson, startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';

/** The shipped kit's rules, dos first, as the prompt numbers them. */
const shippedRules = [
  ['do', 'Use the brand palette: deep navy, mid blue, amber, cream and coral'],
  ['do', 'Flat vector look with clean geometric shapes'],
  ['do', 'Leave generous empty space around the subject'],
  ['dont', 'No text, lettering or watermarks'],
  ['dont', 'No photorealistic rendering'],
  ['dont', 'No cluttered or busy backgrounds'],
] as const;

const verdicts = ['pass', 'pass', 'fail', 'pass', 'unsure', 'pass'] as const;

/** What the model answers: every rule with a verdict and a reason, in the order asked. */
const modelAnswer = JSON.stringify({
  rules: shippedRules.map(([kind, rule], index) => ({ rule, kind, verdict: verdicts[index], reason: `Reason ${index + 1}.` })),
});

async function imageOfNewJob(app: TestBrandgen, body: Record<string, unknown> = {}): Promise<string> {
  const response = await postJson(app.baseUrl, '/api/generate', { prompt: 'a lighthouse', ...body });
  assert.equal(response.status, 202, await response.clone().text());
  const job = await waitForJob(app.baseUrl, ((await response.json()) as { job_id: string }).job_id);
  const images = (await sendTo(app, 'GET', `/api/images?job_id=${job.id}`)).body.images as Array<{ id: string }>;
  return images[0]!.id;
}

describeEachDatabase('Review against the brief with OpenAI (chat completions)', (database) => {
  let app: TestBrandgen;
  let fake: Awaited<ReturnType<typeof startFakeOpenAiChat>>;
  let imageId: string;
  before(async () => {
    fake = await startFakeOpenAiChat();
    app = await startTestBrandgen({
      ...(await database.environment()),
      BRANDGEN_LLM_PROVIDER: 'openai',
      BRANDGEN_LLM_MODEL: 'gpt-4o-mini',
      BRANDGEN_LLM_API_KEY: 'sk-review-test-key-123456',
      BRANDGEN_LLM_BASE_URL: fake.baseUrl,
    });
    imageId = await imageOfNewJob(app);
  });
  after(async () => {
    await app?.close();
    await fake?.close();
  });

  test('the status says reviews are available, and by which model', async () => {
    const status = await sendTo(app, 'GET', '/api/brand-review/status');
    assert.deepEqual(status.body, {
      available: true,
      model: 'gpt-4o-mini',
      message: 'Reviews are the opinion of the language model gpt-4o-mini.',
    });
  });

  test('sends the image, the rules and a strict JSON schema; answers a verdict per rule, labelled as an opinion, and keeps it', async () => {
    assert.deepEqual((await sendTo(app, 'GET', `/api/images/${imageId}/brand-review`)).body, { review: null });
    fake.answerWith({ content: modelAnswer });
    const reviewed = await sendTo(app, 'POST', `/api/images/${imageId}/brand-review`);
    assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body));
    const { reviewed_at: reviewedAt, ...review } = reviewed.body;
    assert.deepEqual(review, {
      image_id: imageId,
      brand_id: '00000000-0000-4000-8000-000000000001',
      brand_version: 1,
      model: 'gpt-4o-mini',
      rules: shippedRules.map(([kind, rule], index) => ({ rule, kind, verdict: verdicts[index], reason: `Reason ${index + 1}.` })),
      summary: 'passes 4 of 6 rules (1 unsure)',
      opinion_note: "This is the model's opinion, not a check.",
    });
    assert.ok(!Number.isNaN(Date.parse(reviewedAt)));

    const request = fake.requests.at(-1)!;
    assert.equal(request.path, '/v1/chat/completions');
    assert.equal(request.authorization, 'Bearer sk-review-test-key-123456');
    assert.equal(request.body.model, 'gpt-4o-mini');
    assert.equal(request.body.max_completion_tokens ?? request.body.max_tokens, 4000);
    assert.equal(request.body.response_format.type, 'json_schema');
    assert.equal(request.body.response_format.json_schema.strict, true);
    const schema = request.body.response_format.json_schema.schema;
    assert.deepEqual(schema.required, ['rules']);
    assert.deepEqual([schema.properties.rules.minItems, schema.properties.rules.maxItems], [6, 6]);
    const item = schema.properties.rules.items;
    assert.deepEqual(item.required, ['rule', 'kind', 'verdict', 'reason']);
    assert.deepEqual(item.properties.verdict.enum, ['pass', 'fail', 'unsure']);
    assert.deepEqual(item.properties.kind.enum, ['do', 'dont']);
    assert.deepEqual(request.body.messages[0], { role: 'system', content: REVIEW_SYSTEM_PROMPT });
    const [text, picture, ...rest] = request.body.messages[1].content;
    assert.deepEqual(rest, []);
    assert.deepEqual(text, {
      type: 'text',
      text: `Review the attached image against these 6 brand rules:\n${shippedRules.map(([kind, rule], index) => `${index + 1}. [${kind}] ${rule}`).join('\n')}`,
    });
    assert.equal(picture.type, 'image_url');
    const dataUrl = /^data:image\/jpeg;base64,(.+)$/.exec(picture.image_url.url);
    assert.ok(dataUrl, 'the image travels as a JPEG data URL');
    const sent = await sharp(Buffer.from(dataUrl[1]!, 'base64')).metadata();
    assert.equal(sent.format, 'jpeg');
    assert.ok(Math.max(sent.width!, sent.height!) <= 1024);

    const kept = await sendTo(app, 'GET', `/api/images/${imageId}/brand-review`);
    assert.deepEqual(kept.body, { review: reviewed.body });
  });

  test('a 429 with Retry-After is a 503 in plain words with the same wait; no key, no stack, the last review stays', async () => {
    const before = (await sendTo(app, 'GET', `/api/images/${imageId}/brand-review`)).body;
    fake.answerWith({
      status: 429,
      message: 'Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.',
      headers: { 'retry-after': '17', 'x-ratelimit-remaining-requests': '0' },
    });
    const response = await fetch(`${app.baseUrl}/api/images/${imageId}/brand-review`, { method: 'POST' });
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '17');
    const body = (await response.json()) as any;
    assert.equal(body.error.code, 'language_model_busy');
    assert.match(body.error.message, /^The language model is busy or over its rate limit \(Rate limit reached for gpt-4o-mini/);
    assert.match(body.error.message, /Try the review again in 17 seconds\.$/);
    assert.doesNotMatch(JSON.stringify(body), /sk-review|at .*\.ts:\d+/);
    assert.deepEqual((await sendTo(app, 'GET', `/api/images/${imageId}/brand-review`)).body, before);
  });

  test('a malformed answer is a 502 that says the answer could not be read', async () => {
    fake.answerWith({ content: JSON.stringify({ rules: [{ rule: 'No text', verdict: 'maybe' }] }) });
    const malformed = await sendTo(app, 'POST', `/api/images/${imageId}/brand-review`);
    assert.equal(malformed.status, 502);
    assert.equal(malformed.body.error.code, 'brand_review_failed');
    assert.match(malformed.body.error.message, /answer could not be read/);
    fake.answerWith({ content: 'Sure! Here is my review: it looks great.' });
    assert.equal((await sendTo(app, 'POST', `/api/images/${imageId}/brand-review`)).status, 502);
  });

  test('a refused key is a 502 that says which setting to check, with anything shaped like a key hidden', async () => {
    fake.answerWith({
      status: 401,
      message: 'Incorrect API key provided: sk-review-test-key-123456. You can find your API key at https://platform.openai.com.',
    });
    const refused = await sendTo(app, 'POST', `/api/images/${imageId}/brand-review`);
    assert.equal(refused.status, 502);
    assert.match(
      refused.body.error.message,
      /^The language model refused Brandgen's key \(HTTP 401: Incorrect API key provided: \[hidden\]\. You can find/,
    );
    assert.match(refused.body.error.message, /An administrator should check the key in BRANDGEN_LLM_API_KEY/);
    assert.doesNotMatch(JSON.stringify(refused.body), /sk-review/);
  });

  test('a provider server error is a 502 naming the status', async () => {
    fake.answerWith({ status: 500, message: 'The server had an error while processing your request.' });
    const failed = await sendTo(app, 'POST', `/api/images/${imageId}/brand-review`);
    assert.equal(failed.status, 502);
    assert.match(failed.body.error.message, /^The language model could not review the image \(.*500.*\)\. Try again in a moment\.$/s);
  });

  test("a brand without dos and don'ts is refused before the model is asked; an unknown image is 404", async () => {
    const brand = await sendTo(app, 'POST', '/api/brands', { name: 'Plain', palette: ['#111111', '#EEEEEE'] });
    assert.equal(brand.status, 201, JSON.stringify(brand.body));
    const plainImage = await imageOfNewJob(app, { brand_id: brand.body.id });
    const asked = fake.requests.length;
    const refused = await sendTo(app, 'POST', `/api/images/${plainImage}/brand-review`);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'no_brand_rules');
    assert.equal(
      refused.body.error.message,
      `The brand "Plain" has no dos and don'ts yet; add them on the Brands page, then review again.`,
    );
    assert.equal(fake.requests.length, asked);
    const missing = await sendTo(app, 'POST', '/api/images/01900000-0000-7000-8000-00000000dead/brand-review');
    assert.equal(missing.status, 404);
  });

  test('a reviewed image can be deleted, and its review goes with it', async () => {
    const doomed = await imageOfNewJob(app);
    fake.answerWith({ content: modelAnswer });
    assert.equal((await sendTo(app, 'POST', `/api/images/${doomed}/brand-review`)).status, 200);
    assert.equal((await sendTo(app, 'DELETE', `/api/images/${doomed}`)).status, 204);
    assert.equal((await sendTo(app, 'GET', `/api/images/${doomed}/brand-review`)).status, 404);
    const left = await app.brandgen.database.selectFrom('brand_reviews').select('image_id').where('image_id', '=', doomed).execute();
    assert.deepEqual(left, []);
  });

  test("dos and don'ts are checked field by field in plain words", async () => {
    const refused = await sendTo(app, 'POST', '/api/brands', {
      name: 'Wordy',
      palette: ['#111111', '#EEEEEE'],
      dos: ['x'.repeat(201)],
      donts: ['  '],
    });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body.error.fields, [
      { field: 'dos.0', message: 'The dos (entry 1) must be at most 200 characters: keep each rule to one short sentence.' },
      { field: 'donts.0', message: "The don'ts (entry 1) must not be empty." },
    ]);
  });
});

describe('Review against the brief without a vision model', () => {
  test('without a language model, and with one not marked as seeing images, the status and a 409 say what to configure', async () => {
    const none = await startTestBrandgen();
    try {
      const status = (await sendTo(none, 'GET', '/api/brand-review/status')).body;
      assert.equal(status.available, false);
      assert.match(status.message, /BRANDGEN_LLM_PROVIDER \(openai, google or anthropic\), BRANDGEN_LLM_MODEL and its API key/);
      const image = await imageOfNewJob(none);
      const refused = await sendTo(none, 'POST', `/api/images/${image}/brand-review`);
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error.code, 'brand_review_unavailable');
      assert.equal(refused.body.error.message, status.message);
    } finally {
      await none.close();
    }
    const textOnly = await startTestBrandgen({ BRANDGEN_LLM_BASE_URL: 'http://127.0.0.1:9/v1', BRANDGEN_LLM_MODEL: 'llama3.1' });
    try {
      const status = (await sendTo(textOnly, 'GET', '/api/brand-review/status')).body;
      assert.equal(status.available, false);
      assert.match(status.message, /llama3\.1 is not set as one\. If it takes images, an administrator sets BRANDGEN_LLM_VISION=true/);
    } finally {
      await textOnly.close();
    }
  });
});

describe('Review against the brief: the per-user limit', () => {
  test('reviews have their own count a minute (429 with Retry-After), apart from the generation budget', async () => {
    const app = await startTestBrandgen({ BRANDGEN_RATE_LIMIT_PER_MINUTE: '2' });
    try {
      const image = await imageOfNewJob(app);
      for (let asked = 0; asked < 2; asked++) {
        assert.equal(
          (await sendTo(app, 'POST', `/api/images/${image}/brand-review`)).status,
          409,
          'counted, then refused for want of a model',
        );
      }
      const limited = await fetch(`${app.baseUrl}/api/images/${image}/brand-review`, { method: 'POST' });
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      const body = (await limited.json()) as any;
      assert.equal(body.error.code, 'rate_limited');
      assert.match(body.error.message, /^You have asked for many reviews in a short time\. Please wait \d+ s and try again\.$/);
      assert.equal(
        (await postJson(app.baseUrl, '/api/generate', { prompt: 'a second lighthouse' })).status,
        202,
        'generations still start',
      );
    } finally {
      await app.close();
    }
  });
});
