/** Cache keys of the training feature, each under its brand. */
export const trainingSetsKey = (brandId: string) => ['training', 'sets', brandId] as const;
export const trainingsKey = (brandId: string) => ['training', 'trainings', brandId] as const;
export const trainersKey = ['training', 'trainers'] as const;
export const comparisonKey = (request: { brandId: string; before: number; after: number }) =>
  ['training', 'comparison', request.brandId, request.before, request.after] as const;
export const comparisonJobKey = (jobId: string | undefined) => ['training', 'comparison-job', jobId] as const;
