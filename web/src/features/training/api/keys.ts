/** Cache keys of the training feature, each under its brand. */
export const trainingSetsKey = (brandId: string) => ['training', 'sets', brandId] as const;
export const trainingsKey = (brandId: string) => ['training', 'trainings', brandId] as const;
export const trainersKey = ['training', 'trainers'] as const;
