import sharp from 'sharp';
import { sendJson, startFakeHttpServer, type FakeHttpServer, type RecordedRequest } from './fake-http-server.ts';

/** How one submitted workflow goes: the statuses its polls see in turn (the last one repeats), and why it failed. */
export interface WorkflowScript {
  statuses: string[];
  reason?: string;
  blockedReason?: string;
  /** Answer the submission with 200 and the first status, as civitai does for a workflow that ended within `wait`. */
  endsAtSubmit?: boolean;
}

export interface FakeCivitai {
  server: FakeHttpServer;
  origin: string;
  /** Scripts for the next submissions, in order; once used up, workflows succeed at their first poll. */
  scripts: WorkflowScript[];
  /** Submissions to answer with 429 and `Retry-After: 1` first. */
  throttleSubmissions: number;
  /** Polls to answer with 429 and `Retry-After: 1` first. */
  throttlePolls: number;
  /** The ids of the workflows submitted so far, in order. */
  submittedIds: string[];
  /** Calls other than blob downloads. */
  apiRequests(): RecordedRequest[];
  blobDownloads(): RecordedRequest[];
  close(): Promise<void>;
}

interface FakeWorkflow {
  id: string;
  input: unknown;
  script: WorkflowScript;
  polls: number;
  canceled: boolean;
}

const WORKFLOWS = '/v2/consumer/workflows';
const TERMINAL = new Set(['succeeded', 'failed', 'expired', 'canceled']);

/**
 * civitai's orchestration consumer API as documented: `Authorization: Bearer` on every call (401 problem otherwise),
 * `POST /v2/consumer/workflows?wait=…` answering 202 with the workflow in flight (200 when it already ended),
 * `GET /v2/consumer/workflows/{id}` walking its statuses (unassigned, preparing, scheduled, processing, then succeeded,
 * failed, expired or canceled), `DELETE /v2/consumer/workflows/{id}` cancelling it, RFC 7807 problem documents for
 * errors, 429 with `Retry-After`, and images as signed blob links (JPEG) that need no key.
 */
export async function startFakeCivitai(token: string): Promise<FakeCivitai> {
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .jpeg()
    .toBuffer();
  const workflows = new Map<string, FakeWorkflow>();
  const problem = (status: number, title: string, detail?: string) => ({
    type: 'https://tools.ietf.org/html/rfc9110',
    title,
    status,
    ...(detail && { detail }),
  });
  const server = await startFakeHttpServer((request, response, http) => {
    if (request.path.startsWith('/blobs/')) {
      response.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg);
      return;
    }
    if (request.headers.authorization !== `Bearer ${token}`) return sendJson(response, 401, problem(401, 'Unauthorized'));
    const url = new URL(request.path, http.origin);
    if (request.method === 'POST' && url.pathname === WORKFLOWS) {
      if (fake.throttleSubmissions > 0) {
        fake.throttleSubmissions -= 1;
        return sendJson(response, 429, problem(429, 'Too Many Requests', 'Rate limit exceeded.'), { 'retry-after': '1' });
      }
      const step = request.body?.steps?.[0];
      if (step?.$type !== 'imageGen' || typeof step.input?.prompt !== 'string') {
        return sendJson(response, 400, { ...problem(400, 'One or more validation errors occurred.'), errors: { steps: ['Bad step.'] } });
      }
      const id = `wf_${workflows.size + 1}`;
      const workflow = { id, input: step.input, script: fake.scripts.shift() ?? { statuses: ['succeeded'] }, polls: 0, canceled: false };
      workflows.set(id, workflow);
      fake.submittedIds.push(id);
      if (workflow.script.endsAtSubmit) {
        workflow.polls = 1;
        return sendJson(response, 200, describe(workflow, workflow.script.statuses[0]!, http.origin));
      }
      return sendJson(response, 202, describe(workflow, 'unassigned', http.origin));
    }
    const id = url.pathname.startsWith(`${WORKFLOWS}/`) ? decodeURIComponent(url.pathname.slice(WORKFLOWS.length + 1)) : '';
    const workflow = workflows.get(id);
    if (!workflow) return sendJson(response, 404, problem(404, 'Not Found', `No workflow ${id}.`));
    if (request.method === 'DELETE') {
      workflow.canceled = true;
      response.writeHead(204).end();
      return;
    }
    if (request.method === 'GET') {
      if (fake.throttlePolls > 0) {
        fake.throttlePolls -= 1;
        return sendJson(response, 429, problem(429, 'Too Many Requests'), { 'retry-after': '1' });
      }
      const { statuses } = workflow.script;
      const status = workflow.canceled ? 'canceled' : statuses[Math.min(workflow.polls, statuses.length - 1)]!;
      workflow.polls += 1;
      return sendJson(response, 200, describe(workflow, status, http.origin));
    }
    return sendJson(response, 405, problem(405, 'Method Not Allowed'));
  });
  const fake: FakeCivitai = {
    server,
    origin: server.origin,
    scripts: [],
    throttleSubmissions: 0,
    throttlePolls: 0,
    submittedIds: [],
    apiRequests: () => server.requests.filter((request) => !request.path.startsWith('/blobs/')),
    blobDownloads: () => server.requests.filter((request) => request.path.startsWith('/blobs/')),
    close: () => server.close(),
  };
  return fake;
}

/** The Workflow object as GetWorkflow answers it, with one imageGen step. */
function describe(workflow: FakeWorkflow, status: string, origin: string) {
  const failed = status === 'failed' || status === 'expired';
  const blobId = `blob_${workflow.id}`;
  return {
    id: workflow.id,
    status,
    createdAt: '2026-11-30T12:00:00Z',
    completedAt: TERMINAL.has(status) ? '2026-11-30T12:00:20Z' : null,
    steps: [
      {
        name: '0',
        $type: 'imageGen',
        status,
        input: workflow.input,
        estimatedProgressRate: status === 'processing' ? 0.5 : null,
        output:
          status === 'succeeded'
            ? { images: [{ id: blobId, available: true, url: `${origin}/blobs/${blobId}.jpeg?sig=abc&exp=1764504000` }] }
            : null,
        jobs: [
          {
            id: `job_${workflow.id}`,
            status,
            reason: failed ? (workflow.script.reason ?? null) : null,
            blockedReason: failed ? (workflow.script.blockedReason ?? null) : null,
          },
        ],
      },
    ],
  };
}
