import type { paths } from './generated/schema.ts';

/** Names for the shapes of the generated document, so callers need not spell out `paths[...]` themselves. */

type Method = 'get' | 'post' | 'put' | 'delete';
type Operation<Path extends keyof paths, M extends Method> = NonNullable<paths[Path][M & keyof paths[Path]]>;
type JsonContent<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

/** The JSON body an operation answers with the given status. */
export type ResponseBody<Path extends keyof paths, M extends Method, Status extends number> =
  Operation<Path, M> extends { responses: infer Responses } ? JsonContent<Responses[Status & keyof Responses]> : never;

/** The JSON body an operation takes. */
export type RequestBody<Path extends keyof paths, M extends Method> =
  Operation<Path, M> extends { requestBody?: infer Body } ? JsonContent<NonNullable<Body>> : never;

export type Job = ResponseBody<'/api/jobs/{id}', 'get', 200>;
export type JobStatus = Job['status'];
export type JobSlot = Job['slots'][number];
export type SlotStatus = JobSlot['status'];
export type JobProgress = Job['progress'];
export type JobPage = ResponseBody<'/api/jobs', 'get', 200>;
export type GenerateInput = RequestBody<'/api/generate', 'post'>;
export type CreatedJob = ResponseBody<'/api/generate', 'post', 202>;

export type ModelCatalog = ResponseBody<'/api/models', 'get', 200>;
export type Model = ModelCatalog['models'][number];
export type Licence = Model['licence'];
export type AssetType = ModelCatalog['asset_types'][number]['id'];
export type QualityPreset = ModelCatalog['presets'][number]['id'];
export type ProviderStatus = ResponseBody<'/api/admin/providers', 'get', 200>['providers'][number];

export type Brand = ResponseBody<'/api/brands/{id}', 'get', 200>;
export type BrandKit = Brand['kit'];
export type Lora = ResponseBody<'/api/brands/{id}/loras/{loraId}', 'get', 200>;
export type LoraTrial = ResponseBody<'/api/brands/{id}/loras/{loraId}/trials', 'post', 202>;
export type BrandVersion = ResponseBody<'/api/brands/{id}/versions', 'get', 200>['versions'][number];
export type BrandDeleted = ResponseBody<'/api/brands/{id}', 'delete', 200>;
export type TrainingSet = ResponseBody<'/api/brands/{id}/training-sets/{setId}', 'get', 200>;
export type TrainingSetImage = TrainingSet['images'][number];
export type Trainer = ResponseBody<'/api/trainers', 'get', 200>['trainers'][number];
export type Training = ResponseBody<'/api/trainings/{id}', 'get', 200>;
export type TrainingStart = RequestBody<'/api/brands/{id}/trainings', 'post'>;

export type LibraryImage = ResponseBody<'/api/images/{id}', 'get', 200>;
export type ImageRefinement = LibraryImage['refinement'];
export type LibraryPage = ResponseBody<'/api/images', 'get', 200>;
export type LibraryFilter = NonNullable<paths['/api/images']['get']['parameters']['query']>;

export type Template = ResponseBody<'/api/templates/{id}', 'get', 200>;
export type TemplateDraft = RequestBody<'/api/templates', 'post'>;
export type AppliedTemplate = ResponseBody<'/api/templates/{id}/apply', 'post', 200>;

export type Batch = ResponseBody<'/api/batches/{id}', 'get', 200>;
export type BatchJob = Batch['jobs'][number];
export type BatchInput = RequestBody<'/api/batches', 'post'>;
export type BatchPage = ResponseBody<'/api/batches', 'get', 200>;

export type Project = ResponseBody<'/api/projects/{id}', 'get', 200>;
export type Brief = Project['brief'];
export type ProjectCard = ResponseBody<'/api/projects', 'get', 200>['projects'][number];
export type Inspiration = NonNullable<Project['inspiration']>;
export type ExpandedBrief = ResponseBody<'/api/projects/{id}/expand', 'post', 200>;

export type CurrentUser = ResponseBody<'/api/auth/me', 'get', 200>;
export type ApiToken = ResponseBody<'/api/tokens', 'get', 200>['tokens'][number];
export type CreatedApiToken = ResponseBody<'/api/tokens', 'post', 201>;
export type DeviceCode = ResponseBody<'/api/auth/device/code', 'post', 200>;
export type Usage = ResponseBody<'/api/usage', 'get', 200>;
export type ErrorBody = ResponseBody<'/api/jobs/{id}', 'get', 404>;

export type WebhookEndpoint = ResponseBody<'/api/webhooks/{id}', 'get', 200>;
export type CreatedWebhookEndpoint = ResponseBody<'/api/webhooks', 'post', 201>;
export type WebhookInput = RequestBody<'/api/webhooks', 'post'>;
export type WebhookEventType = WebhookInput['events'][number];
export type WebhookDelivery = ResponseBody<'/api/webhooks/{id}/deliveries', 'get', 200>['deliveries'][number];
