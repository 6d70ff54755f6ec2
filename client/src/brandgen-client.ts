import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { BrandgenApiError } from './brandgen-api-error.ts';
import type { DeviceSignInOptions, DeviceSignInResult } from './device-sign-in.ts';
import type { FollowJobOptions, JobEvent } from './follow-job.ts';
import type { BatchEvent, FollowBatchOptions, FollowProjectOptions, ProjectEvent } from './follow-job-group.ts';
import type { FollowTrainingOptions, TrainingEvent } from './follow-training.ts';
import type { paths } from './generated/schema.ts';
import { Transport, type TransportOptions } from './transport.ts';

export type BrandgenClientOptions = TransportOptions;

export interface BrandgenClient {
  /**
   * The generated calls (openapi-fetch): `api.GET('/api/jobs/{id}', { params: { path: { id } } })`. An answer that is
   * not 2xx throws a BrandgenApiError, so `data` is there whenever the call returns; `unwrap` gives it typed.
   */
  api: Client<paths>;
  baseUrl: string;
  followJob(jobId: string, options?: FollowJobOptions): AsyncGenerator<JobEvent, void, undefined>;
  /** Every job of a project, as long as the caller listens; resumed after drops. */
  followProject(projectId: string, options?: FollowProjectOptions): AsyncGenerator<ProjectEvent, void, undefined>;
  /** Every job of a batch not finished when it opens, as long as the caller listens; resumed after drops. */
  followBatch(batchId: string, options?: FollowBatchOptions): AsyncGenerator<BatchEvent, void, undefined>;
  /** A training's state, progress (step and logs), then complete or failed; resumed after drops. */
  followTraining(trainingId: string, options?: FollowTrainingOptions): AsyncGenerator<TrainingEvent, void, undefined>;
  deviceSignIn(options: DeviceSignInOptions): Promise<DeviceSignInResult>;
  downloadImage(url: string, options?: { signal?: AbortSignal }): Promise<Uint8Array>;
}

/** A client for one Brandgen server; it keeps no state of its own beyond the options. */
export function createBrandgenClient(options: BrandgenClientOptions): BrandgenClient {
  const transport = new Transport(options);
  const api = createClient<paths>({ baseUrl: transport.baseUrl, fetch: (request) => transport.fetch(request) });
  api.use(throwOnFailure);
  return {
    api,
    baseUrl: transport.baseUrl,
    // Streams, sign-in and downloads load with their first use: a web page that only reads JSON never fetches the
    // event-stream parser, and bundlers without code splitting (the CLI, the Figma plugin) simply inline them.
    followJob: (jobId, followOptions) => streamOf(async () => (await import('./follow-job.ts')).followJob(transport, jobId, followOptions)),
    followProject: (projectId, followOptions) =>
      streamOf(async () => (await import('./follow-job-group.ts')).followProject(transport, projectId, followOptions)),
    followBatch: (batchId, followOptions) =>
      streamOf(async () => (await import('./follow-job-group.ts')).followBatch(transport, batchId, followOptions)),
    followTraining: (trainingId, followOptions) =>
      streamOf(async () => (await import('./follow-training.ts')).followTraining(transport, trainingId, followOptions)),
    deviceSignIn: async (signInOptions) => (await import('./device-sign-in.ts')).deviceSignIn(transport, signInOptions),
    downloadImage: async (url, downloadOptions) => (await import('./download-image.ts')).downloadImage(transport, url, downloadOptions),
  };
}

/** The events of a stream whose code is still to be loaded. */
async function* streamOf<Event>(open: () => Promise<AsyncGenerator<Event, void, undefined>>): AsyncGenerator<Event, void, undefined> {
  yield* await open();
}

const throwOnFailure: Middleware = {
  async onResponse({ response }) {
    if (!response.ok) throw await BrandgenApiError.fromResponse(response);
    return undefined;
  },
};

/** The data of a generated call that returned (it throws otherwise), typed without `undefined`. */
export async function unwrap<T>(pending: Promise<{ data?: T; response: Response }>): Promise<T> {
  const { data } = await pending;
  return data as T;
}
