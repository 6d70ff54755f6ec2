import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { BrandgenApiError } from './brandgen-api-error.ts';
import { deviceSignIn, type DeviceSignInOptions, type DeviceSignInResult } from './device-sign-in.ts';
import { downloadImage } from './download-image.ts';
import { followJob, type FollowJobOptions, type JobEvent } from './follow-job.ts';
import {
  followBatch,
  followProject,
  type BatchEvent,
  type FollowBatchOptions,
  type FollowProjectOptions,
  type ProjectEvent,
} from './follow-job-group.ts';
import { followTraining, type FollowTrainingOptions, type TrainingEvent } from './follow-training.ts';
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
    followJob: (jobId, followOptions) => followJob(transport, jobId, followOptions),
    followProject: (projectId, followOptions) => followProject(transport, projectId, followOptions),
    followBatch: (batchId, followOptions) => followBatch(transport, batchId, followOptions),
    followTraining: (trainingId, followOptions) => followTraining(transport, trainingId, followOptions),
    deviceSignIn: (signInOptions) => deviceSignIn(transport, signInOptions),
    downloadImage: (url, downloadOptions) => downloadImage(transport, url, downloadOptions),
  };
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
