import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync } from 'node:zlib';
import { rawRequest } from '../../../test/support/raw-request.ts';
import { sampleJob } from '../../../test/support/sample-job.ts';
import { FinishedJobCache } from './finished-job-cache.ts';
import { JobReadShortcut } from './job-read-shortcut.ts';

const OWN_JOB = '01a23471-5313-7728-bf3e-13e87a2e0c59';
const OTHER_USERS_JOB = '01a23471-5313-7728-bf3e-13e87a2e0c5a';
const UNCACHED_JOB = '01a23471-5313-7728-bf3e-13e87a2e0c5b';
const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' };

/** A Node server with the shortcut in front of a stand-in for Fastify that records what reached it. */
async function serve(options: { vary?: string }) {
  const jobCache = new FinishedJobCache();
  // Long enough to be compressed: the prompt repeats.
  const prompt = 'a lighthouse on a cliff at dusk, flat vector, '.repeat(40);
  jobCache.serialize(sampleJob(OWN_JOB, { userId: 'local', status: 'complete', prompt }));
  jobCache.serialize(sampleJob(OTHER_USERS_JOB, { userId: 'someone-else', status: 'complete' }));
  const shortcut = new JobReadShortcut({
    jobCache,
    userId: 'local',
    acceptsHost: (host) => host?.startsWith('127.0.0.1:') === true,
    securityHeaders: SECURITY_HEADERS,
    vary: options.vary,
  });
  const reachedFastify: string[] = [];
  const server: Server = createServer((request, response) => {
    if (shortcut.answer(request, response)) return;
    reachedFastify.push(`${request.method} ${request.url}`);
    response.writeHead(418).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { shortcut, server, reachedFastify, jobCache, base: `http://127.0.0.1:${address.port}` };
}

describe('job-read shortcut', () => {
  let served: Awaited<ReturnType<typeof serve>>;
  before(async () => (served = await serve({})));
  after(() => served?.server.close());

  it("answers a cached job of the user's with the route's headers, as text or in the encoding asked for", async () => {
    const plain = await rawRequest(`${served.base}/api/jobs/${OWN_JOB}`);
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(plain.headers['x-content-type-options'], 'nosniff');
    assert.equal(plain.headers['x-frame-options'], 'DENY');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers.vary, undefined);
    assert.equal(Number(plain.headers['content-length']), plain.body.length);
    assert.equal((JSON.parse(plain.body.toString()) as { id: string }).id, OWN_JOB);

    const compressed = await rawRequest(`${served.base}/api/jobs/${OWN_JOB}`, {
      headers: { 'accept-encoding': 'gzip, deflate, br, zstd' },
    });
    assert.equal(compressed.headers['content-encoding'], 'br');
    assert.equal(compressed.headers.vary, 'Accept-Encoding');
    assert.equal(Number(compressed.headers['content-length']), compressed.body.length);
    assert.deepEqual(brotliDecompressSync(compressed.body), plain.body);

    const refused = await rawRequest(`${served.base}/api/jobs/${OWN_JOB}`, {
      headers: { 'accept-encoding': 'br', 'x-no-compression': '1' },
    });
    assert.equal(refused.headers['content-encoding'], undefined);
    assert.deepEqual(refused.body, plain.body);
    assert.deepEqual(served.reachedFastify, []);
  });

  it('leaves to Fastify whatever it cannot be sure of', async () => {
    const job = `${served.base}/api/jobs/${OWN_JOB}`;
    const cases: Array<[string, Parameters<typeof rawRequest>[1]]> = [
      [`${served.base}/api/jobs/${OTHER_USERS_JOB}`, {}],
      [`${served.base}/api/jobs/${UNCACHED_JOB}`, {}],
      [`${served.base}/api/jobs/${OWN_JOB.toUpperCase()}`, {}],
      [`${job}?fields=all`, {}],
      [`${job}/`, {}],
      [`${served.base}/api/jobs/${OWN_JOB}/images/0`, {}],
      [job, { method: 'HEAD' }],
      [job, { method: 'DELETE' }],
      [job, { headers: { origin: 'https://studio.example.com' } }],
      [job, { headers: { host: 'rebind.attacker.example' } }],
    ];
    for (const [url, options] of cases) {
      served.reachedFastify.length = 0;
      const response = await rawRequest(url, options);
      assert.equal(response.status, 418, `${options?.method ?? 'GET'} ${url} ${JSON.stringify(options?.headers ?? {})}`);
      assert.equal(served.reachedFastify.length, 1);
    }
  });

  it('stops answering once the job is evicted, and once the server closes', async () => {
    const extra = await serve({});
    try {
      const url = `${extra.base}/api/jobs/${OWN_JOB}`;
      assert.equal((await rawRequest(url)).status, 200);
      extra.jobCache.evict(OWN_JOB);
      assert.equal((await rawRequest(url)).status, 418);
      extra.jobCache.serialize(sampleJob(OWN_JOB, { userId: 'local', status: 'complete' }));
      assert.equal((await rawRequest(url)).status, 200);
      extra.shortcut.close();
      assert.equal((await rawRequest(url)).status, 418);
    } finally {
      extra.server.close();
    }
  });

  it('varies as the CORS plugin makes every answer vary, when it is installed', async () => {
    const withCors = await serve({ vary: 'Origin' });
    try {
      const url = `${withCors.base}/api/jobs/${OWN_JOB}`;
      assert.equal((await rawRequest(url)).headers.vary, 'Origin');
      assert.equal((await rawRequest(url, { headers: { 'accept-encoding': 'gzip' } })).headers.vary, 'Origin, Accept-Encoding');
    } finally {
      withCors.server.close();
    }
  });
});
