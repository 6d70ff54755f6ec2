import type { ServerResponse } from 'node:http';
import { FLUX_TENSORS, safetensorsFile } from '../support/safetensors-files.ts';
import { sendJson, type FakeHttpServer, type RecordedRequest } from './fake-http-server.ts';

/**
 * fal.ai's storage and queue APIs as documented, for the FLUX LoRA fast trainer: `POST /storage/upload/initiate`
 * answers `upload_url` and `file_url`; the upload is a `PUT` of the bytes to `upload_url`; `POST /{model}` queues a
 * request (`request_id`, `status_url`, `response_url`, `cancel_url`); `GET …/requests/{id}/status?logs=1` reports
 * `IN_QUEUE`, `IN_PROGRESS` (with `logs`) or `COMPLETED`; `GET …/requests/{id}` gives the result; `PUT …/cancel`
 * cancels. Errors come as `{detail}` with their status; 429 carries Retry-After.
 */
export interface FalTrainingScript {
  /** Status answers in order; the last repeats. */
  statuses: { status: number; body: unknown; headers?: Record<string, string> }[];
  result: { status: number; body: unknown };
  /** What the submit answers, when not the usual ticket. */
  submit?: { status: number; body: unknown };
  /** The bytes the weights link serves, when not a real (small) safetensors file. */
  weights?: Uint8Array;
}

export const FAL_TRAINING_PATH = '/fal-ai/flux-lora-fast-training';
export const FAKE_REQUEST_ID = 'a1b2c3d4-0000-4000-8000-000000000001';
/** A small but well-formed FLUX LoRA, as fal.ai's `diffusers_lora_file` is. */
export const FAKE_WEIGHTS = safetensorsFile(FLUX_TENSORS);

export function falTrainingHandler(script: FalTrainingScript) {
  let statusCalls = 0;
  return (request: RecordedRequest, response: ServerResponse, fake: FakeHttpServer) => {
    const requestPath = `${FAL_TRAINING_PATH}/requests/${FAKE_REQUEST_ID}`;
    if (request.method === 'POST' && request.path === '/storage/upload/initiate') {
      return sendJson(response, 200, { upload_url: `${fake.origin}/upload/set.zip?signature=s1`, file_url: `${fake.origin}/cdn/set.zip` });
    }
    if (request.method === 'PUT' && request.path.startsWith('/upload/')) return void response.writeHead(200).end();
    if (request.method === 'POST' && request.path === FAL_TRAINING_PATH) {
      if (script.submit) return sendJson(response, script.submit.status, script.submit.body);
      const base = `${fake.origin}${requestPath}`;
      return sendJson(response, 200, {
        request_id: FAKE_REQUEST_ID,
        status_url: `${base}/status`,
        response_url: base,
        cancel_url: `${base}/cancel`,
      });
    }
    if (request.method === 'GET' && request.path === `${requestPath}/status?logs=1`) {
      const answer = script.statuses[Math.min(statusCalls, script.statuses.length - 1)]!;
      statusCalls += 1;
      return sendJson(response, answer.status, answer.body, answer.headers ?? {});
    }
    if (request.method === 'GET' && request.path === requestPath) return sendJson(response, script.result.status, script.result.body);
    if (request.method === 'PUT' && request.path === `${requestPath}/cancel`)
      return sendJson(response, 202, { status: 'CANCELLATION_REQUESTED' });
    if (request.method === 'GET' && request.path === '/cdn/weights.safetensors') {
      return void response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(script.weights ?? FAKE_WEIGHTS);
    }
    return sendJson(response, 404, { detail: `No route ${request.method} ${request.path}` });
  };
}
