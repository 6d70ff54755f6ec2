import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { formDataOf, sendJson, fakeServers, testPng, type FakeHandler } from '../fakes/fake-http-server.ts';
import { entriesAgainst, editOnce, generateOne, TEST_KEY } from '../fakes/provider-harness.ts';

describe('OpenAI, Google and Black Forest Labs contracts', () => {
  const fakes = fakeServers();
  after(() => fakes.closeAll());
  const fake = (handler: FakeHandler) => fakes.start(handler);

  it('OpenAI: POST /v1/images/generations with Bearer, the quality of the preset and a size it supports', async () => {
    const png = (await testPng(3)).toString('base64');
    const server = await fake((request, response) => {
      if (request.path !== '/v1/images/generations') return sendJson(response, 404, { error: { message: 'Unknown path' } });
      return sendJson(response, 200, { created: 1_763_859_600, data: [{ b64_json: png }], usage: { total_tokens: 100 } });
    });
    const entry = entriesAgainst('openai', `${server.origin}/v1`).get('openai-gpt-image-1')!;
    const result = await generateOne(entry, { preset: 'high', size: '1344x768', aspectRatio: '16:9' });
    assert.equal(result.image.base64, png);
    const [call] = server.apiRequests();
    assert.equal(call!.headers.authorization, `Bearer ${TEST_KEY}`);
    assert.deepEqual(call!.body, { model: 'gpt-image-1', prompt: 'brndgn style, a red bicycle', n: 1, size: '1536x1024', quality: 'high' });
  });

  it('OpenAI: an edit is a multipart POST /v1/images/edits with the model, the instruction and the image file', async () => {
    const png = (await testPng(5)).toString('base64');
    const server = await fake((request, response) => {
      if (request.path !== '/v1/images/edits') return sendJson(response, 404, { error: { message: 'Unknown path' } });
      return sendJson(response, 200, { created: 1_763_859_600, data: [{ b64_json: png }] });
    });
    const entry = entriesAgainst('openai', `${server.origin}/v1`).get('openai-gpt-image-1')!;
    assert.equal(entry.supportsEdit, true);
    const source = await testPng(6);
    const instruction = 'make the background blue';
    const result = await editOnce(entry, instruction, source);
    assert.equal(result.image.base64, png);
    const [call] = server.apiRequests();
    assert.equal(call!.method, 'POST');
    assert.equal(call!.headers.authorization, `Bearer ${TEST_KEY}`);
    assert.match(String(call!.headers['content-type']), /^multipart\/form-data; boundary=/);
    const form = await formDataOf(call!);
    assert.equal(form.get('model'), 'gpt-image-1');
    assert.equal(form.get('prompt'), instruction);
    assert.equal(form.get('quality'), 'medium');
    assert.equal(form.get('size'), '1024x1024');
    const image = form.get('image');
    assert.ok(image instanceof Blob);
    assert.equal(image.type, 'image/png');
    assert.deepEqual(Buffer.from(await image.arrayBuffer()), source);
  });

  it('OpenAI: an error object becomes a readable message; 429 with Retry-After is retried', async () => {
    let calls = 0;
    const server = await fake((_request, response) => {
      calls += 1;
      if (calls === 1)
        return sendJson(
          response,
          429,
          { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } },
          { 'retry-after-ms': '300' },
        );
      return sendJson(response, 400, {
        error: { message: 'Your request was rejected by the safety system.', type: 'invalid_request_error', code: 'moderation_blocked' },
      });
    });
    const entry = entriesAgainst('openai', `${server.origin}/v1`).get('openai-gpt-image-1')!;
    await assert.rejects(generateOne(entry), /OpenAI refused the request \(HTTP 400\): Your request was rejected by the safety system/);
    assert.equal(calls, 2);
  });

  it('Google: generateContent with x-goog-api-key, image modality and the aspect ratio', async () => {
    const png = (await testPng(4)).toString('base64');
    const server = await fake((request, response) => {
      if (request.path !== '/v1beta/models/gemini-2.5-flash-image:generateContent') {
        return sendJson(response, 404, { error: { code: 404, message: 'not found', status: 'NOT_FOUND' } });
      }
      return sendJson(response, 200, {
        candidates: [
          { content: { role: 'model', parts: [{ inlineData: { mimeType: 'image/png', data: png } }] }, finishReason: 'STOP', index: 0 },
        ],
        usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 1290, totalTokenCount: 1300 },
        modelVersion: 'gemini-2.5-flash-image',
      });
    });
    const entry = entriesAgainst('google', `${server.origin}/v1beta`).get('google-gemini-image')!;
    const result = await generateOne(entry, { size: '1344x768', aspectRatio: '16:9' });
    assert.equal(result.image.base64, png);
    const [call] = server.apiRequests();
    assert.equal(call!.headers['x-goog-api-key'], TEST_KEY);
    assert.equal(call!.headers.authorization, undefined);
    assert.deepEqual(call!.body.contents, [{ role: 'user', parts: [{ text: 'brndgn style, a red bicycle' }] }]);
    assert.deepEqual(call!.body.generationConfig.responseModalities, ['IMAGE']);
    assert.deepEqual(call!.body.generationConfig.imageConfig, { aspectRatio: '16:9' });
    assert.equal(call!.body.generationConfig.seed, 7);
  });

  it('Google: an edit sends the image as an inline data part beside the instruction', async () => {
    const png = (await testPng(7)).toString('base64');
    const server = await fake((request, response) => {
      if (request.path !== '/v1beta/models/gemini-2.5-flash-image:generateContent') {
        return sendJson(response, 404, { error: { code: 404, message: 'not found', status: 'NOT_FOUND' } });
      }
      return sendJson(response, 200, {
        candidates: [
          { content: { role: 'model', parts: [{ inlineData: { mimeType: 'image/png', data: png } }] }, finishReason: 'STOP', index: 0 },
        ],
        modelVersion: 'gemini-2.5-flash-image',
      });
    });
    const entry = entriesAgainst('google', `${server.origin}/v1beta`).get('google-gemini-image')!;
    assert.equal(entry.supportsEdit, true);
    const source = await testPng(8);
    const instruction = 'make the background blue';
    const result = await editOnce(entry, instruction, source);
    assert.equal(result.image.base64, png);
    const [call] = server.apiRequests();
    assert.equal(call!.headers['x-goog-api-key'], TEST_KEY);
    assert.deepEqual(call!.body.contents, [
      { role: 'user', parts: [{ text: instruction }, { inlineData: { mimeType: 'image/png', data: source.toString('base64') } }] },
    ]);
    assert.deepEqual(call!.body.generationConfig.responseModalities, ['IMAGE']);
  });

  it('Google: a 403 error status says the key was refused', async () => {
    const server = await fake((_request, response) =>
      sendJson(response, 403, { error: { code: 403, message: "Method doesn't allow unregistered callers.", status: 'PERMISSION_DENIED' } }),
    );
    const entry = entriesAgainst('google', `${server.origin}/v1beta`).get('google-gemini-image')!;
    await assert.rejects(generateOne(entry), /Google did not accept the API key \(HTTP 403\)/);
  });

  it('Black Forest Labs: POST /v1/{model} with x-key, then polls polling_url until Ready and downloads the sample', async () => {
    let polls = 0;
    const server = await fake((request, response, fakeServer) => {
      if (request.method === 'POST' && request.path === '/v1/flux-pro-1.1') {
        return sendJson(response, 200, {
          id: 'task-1',
          polling_url: `${fakeServer.origin}/v1/get_result?id=task-1`,
          cost: 4,
          input_mp: 0,
          output_mp: 1,
        });
      }
      if (request.method === 'GET' && request.path === '/v1/get_result?id=task-1') {
        polls += 1;
        if (polls < 2) return sendJson(response, 200, { id: 'task-1', status: 'Pending', result: null, progress: 0.5 });
        return sendJson(response, 200, { id: 'task-1', status: 'Ready', result: { sample: fakeServer.imageUrl('bfl.png'), seed: 7 } });
      }
      return sendJson(response, 404, { detail: 'Not Found' });
    });
    const entry = entriesAgainst('black-forest-labs', `${server.origin}/v1`).get('bfl-flux-pro')!;
    const result = await generateOne(entry);
    assert.equal(result.image.mediaType, 'image/png');
    const [submit, ...rest] = server.apiRequests();
    assert.equal(submit!.headers['x-key'], TEST_KEY);
    assert.equal(submit!.body.prompt, 'brndgn style, a red bicycle');
    assert.equal(submit!.body.seed, 7);
    assert.equal(submit!.body.width, 1024);
    assert.equal(submit!.body.height, 1024);
    assert.equal(submit!.body.output_format, 'png');
    assert.equal(rest.length, 2);
  });

  it('Black Forest Labs: a 402 says the account has no credit', async () => {
    const server = await fake((_request, response) => sendJson(response, 402, { detail: 'Insufficient credits' }));
    const entry = entriesAgainst('black-forest-labs', `${server.origin}/v1`).get('bfl-flux-pro')!;
    await assert.rejects(generateOne(entry), /Black Forest Labs refused the request: the account has no credit left/);
  });
});
