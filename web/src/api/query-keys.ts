/** One place for cache keys, so SSE, polling and components agree on where a job lives. */
export const jobKey = (jobId: string) => ['job', jobId] as const;
export const jobHistoryKey = ['jobs'] as const;
export const modelsKey = ['models'] as const;
export const libraryKey = ['library'] as const;
