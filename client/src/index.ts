export { createBrandgenClient, unwrap, type BrandgenClient, type BrandgenClientOptions } from './brandgen-client.ts';
export { BrandgenApiError, NETWORK_FAILURE_STATUS, parseRetryAfter, type FieldError } from './brandgen-api-error.ts';
export { DEFAULT_POLL_INTERVAL_MS, isTerminal, type FollowJobOptions, type JobEvent, type JobEventType } from './follow-job.ts';
export type { FollowProjectOptions, ProjectEvent } from './follow-project.ts';
export { DEVICE_CODE_GRANT, type DeviceSignInOptions, type DeviceSignInPrompt, type DeviceSignInResult } from './device-sign-in.ts';
export type { FetchFunction } from './transport.ts';
export type { Sleep } from './sleep.ts';
export type * from './api-types.ts';
export type { paths } from './generated/schema.ts';
