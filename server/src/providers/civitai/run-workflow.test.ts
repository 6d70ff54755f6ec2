import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APICallError } from '@ai-sdk/provider';
import { withProgressListener } from '../generation-progress.ts';
import type { OrchestrationCall } from './orchestration-caller.ts';
import { runWorkflow } from './run-workflow.ts';

/** A scripted orchestration API: each call takes the next answer, recording what was asked. */
function scripted(answers: Array<unknown | Error>) {
  const calls: string[] = [];
  const call: OrchestrationCall = async (method, path) => {
    calls.push(`${method} ${path}`);
    const next = answers.shift();
    if (next instanceof Error) throw next;
    return { status: 200, body: next };
  };
  return { call, calls };
}

const refusal = (status: number, headers: Record<string, string> = {}) =>
  new APICallError({ message: `HTTP ${status}`, url: 'x', requestBodyValues: {}, statusCode: status, responseHeaders: headers });

test('polls until the workflow ends, passing civitai’s progress estimate to the listener', async () => {
  const { call, calls } = scripted([
    { id: 'wf_1', status: 'unassigned' },
    { id: 'wf_1', status: 'processing', steps: [{ estimatedProgressRate: 0.25 }] },
    refusal(503),
    { id: 'wf_1', status: 'processing', steps: [{ estimatedProgressRate: 0.75 }] },
    { id: 'wf_1', status: 'succeeded' },
  ]);
  const progress: number[] = [];
  const workflow = await withProgressListener(
    (fraction) => progress.push(fraction),
    () => runWorkflow({ call, body: {}, pollIntervalMs: 1, signal: undefined }),
  );
  assert.equal(workflow.status, 'succeeded');
  assert.deepEqual(progress, [0.25, 0.75]);
  assert.deepEqual(calls, ['POST /v2/consumer/workflows?wait=0', ...Array(4).fill('GET /v2/consumer/workflows/wf_1')]);
});

test('a refusal other than 429 or 5xx while polling ends the call', async () => {
  const { call } = scripted([{ id: 'wf_2', status: 'scheduled' }, refusal(404)]);
  await assert.rejects(runWorkflow({ call, body: {}, pollIntervalMs: 1, signal: undefined }), /HTTP 404/);
});

test('a workflow accepted without an id cannot be followed, and says so', async () => {
  const { call } = scripted([{ status: 'unassigned' }]);
  await assert.rejects(runWorkflow({ call, body: {}, pollIntervalMs: 1, signal: undefined }), /without naming it/);
});
