import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { after, before, describe, test } from 'node:test';
import { Writable } from 'node:stream';
import { rawRequest, type RawResponse } from './support/raw-request.ts';
import { postJson, startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';

/** Headers Node writes for the moment or the connection, not for the answer. */
const PER_MOMENT = new Set(['date']);
/** Accept-Encoding and X-No-Compression as clients send them: none, a browser's, one encoding, and a refusal. */
const HEADER_SETS: Array<Record<string, string>> = [
  {},
  { 'accept-encoding': 'gzip, deflate, br, zstd' },
  { 'accept-encoding': 'gzip' },
  { 'accept-encoding': 'identity' },
  { 'accept-encoding': 'br', 'x-no-compression': '1' },
];

/** The URLs whose route handler Fastify ran: it announces each on its documented diagnostics channel. */
function recordRouteHandlers(): { urls: string[]; stop(): void } {
  const urls: string[] = [];
  const onStart = (message: unknown) => urls.push((message as { request: { url: string } }).request.url);
  const channel = diagnostics.tracingChannel('fastify.request.handler');
  const handlers = { start: onStart, end() {}, asyncStart() {}, asyncEnd() {}, error() {} };
  channel.subscribe(handlers);
  return { urls, stop: () => channel.unsubscribe(handlers) };
}

function comparable(response: RawResponse): { status: number; headers: Record<string, unknown>; body: string } {
  const headers = Object.fromEntries(Object.entries(response.headers).filter(([name]) => !PER_MOMENT.has(name)));
  return { status: response.status, headers, body: response.body.toString('base64') };
}

async function filedJob(app: TestBrandgen, prompt: string): Promise<string> {
  const accepted = (await (await postJson(app.baseUrl, '/api/generate', { prompt, seed: 11 })).json()) as { job_id: string };
  await waitForJob(app.baseUrl, accepted.job_id, 90_000);
  return accepted.job_id;
}

for (const [label, environment] of [
  ['without CORS origins', {}],
  ['with CORS origins', { BRANDGEN_CORS_ORIGINS: 'https://studio.example.com' }],
] as const) {
  describe(`reading a finished job before Fastify, ${label}`, () => {
    let app: TestBrandgen;
    let jobId: string;
    before(async () => {
      app = await startTestBrandgen(environment);
      jobId = await filedJob(app, 'a lighthouse on a cliff, read again and again');
    });
    after(() => app?.close());

    test('the answer is the route’s to the byte and header, in every encoding, without running the route', async () => {
      const handlers = recordRouteHandlers();
      try {
        for (const headers of HEADER_SETS) {
          handlers.urls.length = 0;
          const shortcut = await rawRequest(`${app.baseUrl}/api/jobs/${jobId}`, { headers });
          // A query string takes a read past the shortcut to the route itself.
          const route = await rawRequest(`${app.baseUrl}/api/jobs/${jobId}?via=route`, { headers });
          assert.deepEqual(handlers.urls, [`/api/jobs/${jobId}?via=route`], JSON.stringify(headers));
          assert.equal(shortcut.status, 200);
          assert.deepEqual(comparable(shortcut), comparable(route), JSON.stringify(headers));
          assert.equal(shortcut.headers['keep-alive'], 'timeout=72', 'connections are kept as long as Fastify keeps them');
        }
      } finally {
        handlers.stop();
      }
    });

    test('a read the shortcut cannot vouch for goes to the route: another Origin, a foreign Host, an unknown job', async () => {
      const handlers = recordRouteHandlers();
      try {
        const withOrigin = await rawRequest(`${app.baseUrl}/api/jobs/${jobId}`, { headers: { origin: 'https://studio.example.com' } });
        assert.equal(withOrigin.status, 200);
        const port = new URL(app.baseUrl).port;
        const foreign = await rawRequest(`${app.baseUrl}/api/jobs/${jobId}`, { headers: { host: `rebind.attacker.example:${port}` } });
        assert.equal(foreign.status, 421);
        const unknown = await rawRequest(`${app.baseUrl}/api/jobs/01a23471-5313-7728-bf3e-13e87a2e0c5b`);
        assert.equal(unknown.status, 404);
        assert.equal((JSON.parse(unknown.body.toString()) as { error: { code: string } }).error.code, 'not_found');
        assert.deepEqual(handlers.urls, [`/api/jobs/${jobId}`, '/api/jobs/01a23471-5313-7728-bf3e-13e87a2e0c5b']);
      } finally {
        handlers.stop();
      }
    });
  });
}

describe('reading a finished job with request logging on', () => {
  const lines: string[] = [];
  let app: TestBrandgen;
  before(async () => {
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    });
    app = await startTestBrandgen({ LOG_LEVEL: 'debug' }, { logStream });
  });
  after(() => app?.close());

  test('every read is logged, so none is answered before Fastify', async () => {
    const jobId = await filedJob(app, 'logged reads');
    lines.length = 0;
    for (let read = 0; read < 3; read += 1) assert.equal((await rawRequest(`${app.baseUrl}/api/jobs/${jobId}`)).status, 200);
    const logged = lines.filter((line) => line.includes(`/api/jobs/${jobId}`) && line.includes('incoming request'));
    assert.equal(logged.length, 3);
  });
});
