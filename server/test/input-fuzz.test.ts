import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { badRequestsFor, operationsOf, type BadRequest, type Operation } from './support/bad-inputs.ts';
import { postJson, startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';

/** The one endpoint that answers errors in RFC 6749's shape, as OAuth client libraries expect. */
const OAUTH_ERROR_PATH = '/api/auth/device/token';
/** Operations fuzzed at the same time; each sends its own list one request after another. */
const CONCURRENT_OPERATIONS = 4;

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** Sends a request exactly as written (node:http keeps the target's encoding and traversal, fetch would not). */
function send(baseUrl: string, agent: http.Agent, request: BadRequest): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.target,
        headers: request.headers,
        timeout: 15_000,
      },
      (response) => {
        const contentType = String(response.headers['content-type'] ?? '');
        if (contentType.startsWith('text/event-stream')) {
          response.destroy();
          resolve({ status: response.statusCode ?? 0, contentType, text: '' });
          return;
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('no answer within 15 s')));
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

const internals = [
  /\n\s+at /,
  /node_modules/,
  /\/src\//,
  /\.[cm]?[jt]s:\d+/,
  /FST_ERR/,
  /\bERR_[A-Z_]{3,}/,
  /\bSQLITE_/,
  /invalid byte sequence/,
  /\/tmp\//,
];

/** What is wrong with one answer, or undefined when it is acceptable. */
function judge(operation: Operation, answer: Answer): string | undefined {
  if (answer.status >= 500) return `answered ${answer.status}: ${answer.text.slice(0, 200)}`;
  const leak = internals.find((pattern) => pattern.test(answer.text));
  if (leak) return `leaks internals (${leak}): ${answer.text.slice(0, 200)}`;
  if (answer.status < 400) return undefined;
  if (!answer.contentType.includes('application/json')) return `error ${answer.status} as ${answer.contentType || 'no content type'}`;
  let body: any;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return `error ${answer.status} that is not JSON: ${answer.text.slice(0, 200)}`;
  }
  // Headers over 16 KB are refused before any route is chosen, so that answer has the one shape everywhere.
  return operation.path === OAUTH_ERROR_PATH && answer.status !== 431 ? offOauthShape(body) : offErrorShape(body);
}

function offErrorShape(body: any): string | undefined {
  const error = body?.error;
  const shaped =
    Object.keys(body ?? {}).join() === 'error' &&
    typeof error?.code === 'string' &&
    /^[a-z_]+$/.test(error.code) &&
    typeof error.message === 'string' &&
    error.message.length > 0 &&
    Object.keys(error).every((key) => ['code', 'message', 'fields'].includes(key)) &&
    (error.fields === undefined ||
      (Array.isArray(error.fields) &&
        error.fields.length <= 20 &&
        error.fields.every((field: any) => typeof field?.field === 'string' && typeof field.message === 'string')));
  return shaped ? undefined : `off the error shape: ${JSON.stringify(body).slice(0, 200)}`;
}

function offOauthShape(body: any): string | undefined {
  const shaped =
    Object.keys(body ?? {})
      .sort()
      .join() === 'error,error_description' &&
    typeof body.error === 'string' &&
    typeof body.error_description === 'string';
  return shaped ? undefined : `off RFC 6749's error shape: ${JSON.stringify(body).slice(0, 200)}`;
}

describeEachDatabase('Every operation of the OpenAPI document, fuzzed with bad input', (database) => {
  let app: TestBrandgen;
  before(async () => {
    app = await startTestBrandgen({
      ...(await database.environment()),
      // Every answer should come from the routes' own checks, not from the limits in front of them.
      BRANDGEN_RATE_LIMIT_PER_MINUTE: '100000',
      BRANDGEN_MAX_QUEUE: '100000',
    });
  });
  after(async () => {
    await app?.close();
  });

  test('no 5xx, no answer off the error shape, no internals, and a healthy server afterwards', async () => {
    const document = (await (await fetch(`${app.baseUrl}/api/docs/json`)).json()) as Parameters<typeof operationsOf>[0];
    const operations = operationsOf(document);
    assert.ok(operations.length >= 40, `the document lists ${operations.length} operations`);
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENT_OPERATIONS });
    const failures: string[] = [];
    let sent = 0;
    const fuzz = async (operation: Operation) => {
      for (const request of badRequestsFor(operation)) {
        sent += 1;
        const problem = await send(app.baseUrl, agent, request).then(
          (answer) => judge(operation, answer),
          (error: Error) => `no answer: ${error.message}`,
        );
        if (problem) failures.push(`${operation.method} ${operation.path} [${request.name}]: ${problem}`);
      }
    };
    const queue = [...operations];
    await Promise.all(
      Array.from({ length: CONCURRENT_OPERATIONS }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await fuzz(next);
      }),
    );
    agent.destroy();
    assert.equal(
      failures.length,
      0,
      `${failures.length} of ${sent} bad requests were answered badly:\n${failures.slice(0, 30).join('\n')}`,
    );

    assert.equal((await fetch(`${app.baseUrl}/api/health`)).status, 200);
    assert.equal((await fetch(`${app.baseUrl}/api/ready`)).status, 200);
    const accepted = await postJson(app.baseUrl, '/api/generate', { prompt: 'a red kite after the fuzz' });
    assert.equal(accepted.status, 202);
    const job = await waitForJob(app.baseUrl, ((await accepted.json()) as { job_id: string }).job_id, 30_000);
    assert.equal(job.status, 'complete');
  });
});
