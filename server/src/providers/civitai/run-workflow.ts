import { APICallError } from '@ai-sdk/provider';
import { setTimeout as sleep } from 'node:timers/promises';
import { reportProgress } from '../generation-progress.ts';
import { isRetryableStatus, retryAfterMs } from '../resilience/provider-error.ts';
import type { OrchestrationCall } from './orchestration-caller.ts';
import { isTerminal, progressOf, type Workflow } from './workflow-state.ts';

const WORKFLOWS = '/v2/consumer/workflows';

/**
 * Submits a workflow and follows it until it succeeds, fails, expires or is cancelled, answering the terminal
 * workflow. It asks for no inline wait (`wait=0`), so civitai answers 202 with the workflow id at once and an abort
 * (timeout, shutdown, withdrawn key) can always cancel it with `DELETE …/workflows/{id}`, which stops the charge.
 * A 200 on submit is a workflow already ended (civitai serves repeated work from its cache). A 429 or 5xx while
 * polling waits (for `Retry-After` when given) and polls again, rather than submitting the work twice.
 */
export async function runWorkflow(options: {
  call: OrchestrationCall;
  body: unknown;
  pollIntervalMs: number;
  signal: AbortSignal | undefined;
}): Promise<Workflow> {
  const { call, body, pollIntervalMs, signal } = options;
  const submitted = (await call('POST', `${WORKFLOWS}?wait=0`, { json: body, signal })).body as Workflow;
  if (isTerminal(submitted)) return submitted;
  const id = submitted.id;
  if (!id) throw new Error('civitai accepted the workflow without naming it, so Brandgen cannot follow it.');
  const path = `${WORKFLOWS}/${encodeURIComponent(id)}`;
  const cancel = () => void call('DELETE', path).catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      await sleep(pollIntervalMs, undefined, signal ? { signal } : {});
      let workflow: Workflow;
      try {
        workflow = (await call('GET', path, { signal })).body as Workflow;
      } catch (error) {
        if (signal?.aborted || !APICallError.isInstance(error) || !isRetryableStatus(error.statusCode)) throw error;
        await sleep(retryAfterMs(error.responseHeaders) ?? 0, undefined, signal ? { signal } : {});
        continue;
      }
      if (isTerminal(workflow)) return workflow;
      const progress = progressOf(workflow);
      if (progress !== undefined) reportProgress(progress);
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}
