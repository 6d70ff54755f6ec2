import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { rawRequest } from './support/raw-request.ts';
import { postJson, waitForJob } from './support/test-brandgen.ts';
import { startBrandgenWithWebApp, type BrandgenWithWebApp } from './support/test-web-directory.ts';

const decoders: Record<string, (bytes: Buffer) => Buffer> = { br: brotliDecompressSync, gzip: gunzipSync };
/** Accept-Encoding headers and the encoding each must get: by weight, ours (br) first on a tie, "*" and x-gzip as gzip. */
const negotiations = [
  ['br', 'br'],
  ['gzip', 'gzip'],
  ['gzip;q=0.5, br', 'br'],
  ['br;q=0.1, gzip', 'gzip'],
  ['*', 'gzip'],
  ['x-gzip', 'gzip'],
] as const;

describe('compression', () => {
  let served: BrandgenWithWebApp;
  before(async () => (served = await startBrandgenWithWebApp()));
  after(() => served?.close());

  test('JSON answers are compressed with the encoding the client prefers, and decode to the same bytes', async () => {
    const plain = await rawRequest(`${served.app.baseUrl}/api/docs/json`);
    assert.equal(plain.headers['content-encoding'], undefined, 'no Accept-Encoding, no compression');
    assert.ok(plain.body.length > 10_000);
    for (const [accept, expected] of negotiations) {
      const response = await rawRequest(`${served.app.baseUrl}/api/docs/json`, { headers: { 'accept-encoding': accept } });
      assert.equal(response.headers['content-encoding'], expected, `Accept-Encoding: ${accept}`);
      assert.match(String(response.headers.vary), /accept-encoding/i);
      assert.ok(response.body.length < plain.body.length / 3, 'much smaller');
      assert.deepEqual(decoders[expected]!(response.body), plain.body);
    }
    const identity = await rawRequest(`${served.app.baseUrl}/api/docs/json`, { headers: { 'accept-encoding': 'identity' } });
    assert.equal(identity.headers['content-encoding'], undefined);
  });

  test('a job is sent in the encoding the client prefers, decoding to the plain answer, before and after it finishes', async () => {
    const accepted = (await (await postJson(served.app.baseUrl, '/api/generate', { prompt: 'compressed job', seed: 5 })).json()) as {
      job_id: string;
    };
    const url = `${served.app.baseUrl}/api/jobs/${accepted.job_id}`;
    // While it runs the answer is made for each request; once finished it is kept, compressed once per encoding.
    const running = await rawRequest(url, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(running.headers['content-encoding'], 'gzip');
    await waitForJob(served.app.baseUrl, accepted.job_id, 90_000);
    const plain = await rawRequest(url);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal((JSON.parse(plain.body.toString()) as { status: string }).status, 'complete');
    for (const [accept, expected] of negotiations) {
      for (const round of [1, 2]) {
        const response = await rawRequest(url, { headers: { 'accept-encoding': accept } });
        assert.equal(response.headers['content-encoding'], expected, `Accept-Encoding: ${accept}, read ${round}`);
        assert.match(String(response.headers['content-type']), /^application\/json/);
        assert.match(String(response.headers.vary), /accept-encoding/i);
        assert.equal(Number(response.headers['content-length']), response.body.length);
        assert.deepEqual(decoders[expected]!(response.body), plain.body);
      }
    }
    const uncompressed: Array<Record<string, string>> = [
      { 'accept-encoding': 'identity' },
      { 'accept-encoding': 'deflate' },
      { 'accept-encoding': 'br', 'x-no-compression': '1' },
    ];
    for (const headers of uncompressed) {
      const response = await rawRequest(url, { headers });
      assert.equal(response.headers['content-encoding'], undefined, JSON.stringify(headers));
      assert.deepEqual(response.body, plain.body);
    }
  });

  test('the web assets are sent as the build pre-compressed them', async () => {
    for (const encoding of ['br', 'gzip'] as const) {
      const response = await rawRequest(`${served.app.baseUrl}${served.web.script.urlPath}`, { headers: { 'accept-encoding': encoding } });
      assert.equal(response.status, 200);
      assert.equal(response.headers['content-encoding'], encoding);
      assert.match(String(response.headers['content-type']), /javascript/);
      assert.match(String(response.headers['cache-control']), /immutable/);
      // Byte for byte the file the build wrote, not a fresh (faster, larger) compression of the script.
      assert.deepEqual(response.body, encoding === 'br' ? served.web.script.brotli : served.web.script.gzip);
      assert.deepEqual(decoders[encoding]!(response.body), served.web.script.bytes);
    }
    const plain = await rawRequest(`${served.app.baseUrl}${served.web.script.urlPath}`);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.body, served.web.script.bytes);
  });

  test('event streams and PNG images are never compressed', async () => {
    const accepted = (await (await postJson(served.app.baseUrl, '/api/generate', { prompt: 'compression', seed: 3 })).json()) as {
      job_id: string;
    };
    // A generous deadline: it only stops a hung run on a busy machine.
    const job = await waitForJob(served.app.baseUrl, accepted.job_id, 90_000);
    const headers = { 'accept-encoding': 'br, gzip' };
    const image = await rawRequest(`${served.app.baseUrl}${job.images[0]}`, { headers });
    assert.equal(image.status, 200);
    assert.equal(image.headers['content-type'], 'image/png');
    assert.equal(image.headers['content-encoding'], undefined);
    assert.deepEqual([...image.body.subarray(1, 4)], [80, 78, 71], 'PNG bytes as stored');
    const events = await rawRequest(`${served.app.baseUrl}/api/jobs/${accepted.job_id}/events`, {
      headers: { ...headers, accept: 'text/event-stream' },
    });
    assert.equal(events.status, 200);
    assert.match(String(events.headers['content-type']), /^text\/event-stream/);
    assert.equal(events.headers['content-encoding'], undefined);
    assert.match(events.body.toString(), /event: complete/);
  });
});
