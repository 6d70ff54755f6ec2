import type { ServerResponse } from 'node:http';
import { REPLICATE_TRAINER_MODEL, REPLICATE_TRAINER_VERSION } from '../../src/providers/replicate/replicate-trainer.ts';
import { FLUX_TENSORS, safetensorsFile } from '../support/safetensors-files.ts';
import { tarArchive } from '../support/tar-archive.ts';
import { sendJson, type FakeHttpServer, type RecordedRequest } from './fake-http-server.ts';

/**
 * Replicate's account, models, files and trainings APIs as documented, under `/v1`: `GET /account` answers the
 * token's `username`; `GET /models/{owner}/{name}` is 404 until `POST /models` creates it; `POST /files` (multipart
 * `content` and `metadata`) answers the file with `urls.get`; `POST /models/{owner}/{name}/versions/{version}/trainings`
 * answers the training (`id`, `status` "starting", `urls.get` and `urls.cancel`); `GET /trainings/{id}` reports
 * starting, processing, succeeded (with `output.weights`), failed (with `error`) or canceled, with the whole `logs`
 * so far; `POST /trainings/{id}/cancel` cancels. Errors are problem documents (`title`, `detail`, `status`); 429
 * carries Retry-After. The weights are a tar with the LoRA at `output/flux_train_replicate/lora.safetensors`.
 */
export interface ReplicateTrainingScript {
  /** Answers to `GET /trainings/{id}` in order, as a status and the training's fields; the last repeats. */
  polls: { status?: number; headers?: Record<string, string>; training: Record<string, unknown> }[];
  /** The destination model already exists. */
  destinationExists?: boolean;
  /** What the trainings endpoint answers, when not the usual new training. */
  create?: { status: number; body: unknown };
  /** The bytes the weights link serves, when not the usual tar. */
  weights?: Uint8Array;
}

export const FAKE_ACCOUNT = 'acme-studio';
export const FAKE_TRAINING_ID = 'q8r4t2kzbnrma0ckx7zsv1wqhm';
export const FAKE_FILE_ID = 'MTQzODk4NjEtNDRmNy00NTdl';
/** The LoRA inside the trainer's tar, a small but well-formed FLUX safetensors file. */
export const FAKE_LORA = safetensorsFile(FLUX_TENSORS);
export const FAKE_WEIGHTS_TAR = tarArchive([
  { path: 'output/flux_train_replicate/config.yaml', bytes: Buffer.from('job: extension\n') },
  { path: 'output/flux_train_replicate/lora.safetensors', bytes: FAKE_LORA },
]);
export const TRAININGS_PATH = `/v1/models/${REPLICATE_TRAINER_MODEL}/versions/${REPLICATE_TRAINER_VERSION}/trainings`;

const problem = (status: number, title: string, detail: string) => ({ title, detail, status });

export function replicateTrainingHandler(script: ReplicateTrainingScript) {
  let polls = 0;
  let destinationExists = script.destinationExists ?? false;
  return (request: RecordedRequest, response: ServerResponse, fake: FakeHttpServer) => {
    const { method, path } = request;
    const trainingPath = `/v1/trainings/${FAKE_TRAINING_ID}`;
    const training = (fields: Record<string, unknown>) => trainingBody(fake, fields);
    if (method === 'GET' && path === '/v1/account') return sendJson(response, 200, { type: 'user', username: FAKE_ACCOUNT, name: 'Acme' });
    if (method === 'GET' && path.startsWith('/v1/models/') && !path.includes('/versions/')) {
      if (destinationExists) return sendJson(response, 200, { owner: path.split('/')[3], name: path.split('/')[4], visibility: 'private' });
      return sendJson(response, 404, problem(404, 'Not found', 'Not found.'));
    }
    if (method === 'POST' && path === '/v1/models') {
      destinationExists = true;
      return sendJson(response, 201, { ...request.body, url: `https://replicate.com/${request.body.owner}/${request.body.name}` });
    }
    if (method === 'POST' && path === '/v1/files') {
      return sendJson(response, 201, {
        id: FAKE_FILE_ID,
        name: 'training-set.zip',
        content_type: 'application/zip',
        size: request.raw.length,
        urls: { get: `${fake.origin}/v1/files/${FAKE_FILE_ID}` },
      });
    }
    if (method === 'POST' && path === TRAININGS_PATH) {
      if (script.create) return sendJson(response, script.create.status, script.create.body);
      return sendJson(response, 201, training({ status: 'starting', input: request.body.input }));
    }
    if (method === 'GET' && path === trainingPath) {
      const answer = script.polls[Math.min(polls, script.polls.length - 1)]!;
      polls += 1;
      return sendJson(response, answer.status ?? 200, training(answer.training), answer.headers ?? {});
    }
    if (method === 'POST' && path === `${trainingPath}/cancel`) return sendJson(response, 200, training({ status: 'canceled' }));
    if (method === 'GET' && path === '/delivery/trained_model.tar') {
      return void response.writeHead(200, { 'content-type': 'application/x-tar' }).end(script.weights ?? FAKE_WEIGHTS_TAR);
    }
    return sendJson(response, 404, problem(404, 'Not found', `No route ${method} ${path}`));
  };
}

function trainingBody(fake: FakeHttpServer, fields: Record<string, unknown>) {
  return {
    id: FAKE_TRAINING_ID,
    model: REPLICATE_TRAINER_MODEL,
    version: REPLICATE_TRAINER_VERSION,
    logs: '',
    error: null,
    output: null,
    created_at: '2026-11-30T12:00:00.000Z',
    urls: {
      get: `${fake.origin}/v1/trainings/${FAKE_TRAINING_ID}`,
      cancel: `${fake.origin}/v1/trainings/${FAKE_TRAINING_ID}/cancel`,
    },
    ...fields,
  };
}

/** A succeeded training's fields, its weights served by the fake. */
export function succeeded(fake: FakeHttpServer, logs = '') {
  return {
    status: 'succeeded',
    logs,
    output: { version: `${FAKE_ACCOUNT}/brandgen:9f3b`, weights: `${fake.origin}/delivery/trained_model.tar` },
  };
}
