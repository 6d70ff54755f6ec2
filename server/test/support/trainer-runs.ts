import type { TrainerRun, Training } from '../../src/domain/training.ts';
import type { TrainingSet } from '../../src/domain/training-set.ts';
import { testPng } from '../fakes/fake-http-server.ts';

/** Two pictures, one with a caption of its own and a file name with a space, as trainer contract tests send them. */
export const contractSet: TrainingSet = {
  id: 'set-1',
  brandId: 'brand-1',
  name: 'Look',
  triggerWord: 'brdgn',
  kind: 'style',
  createdAt: '2026-11-30T12:00:00.000Z',
  updatedAt: '2026-11-30T12:00:00.000Z',
  images: ['mug front.png', 'poster.jpg'].map((fileName, index) => ({
    id: `image-${index}`,
    setId: 'set-1',
    blobKey: `training-sets/set-1/image-${index}.webp`,
    fileName,
    width: 64,
    height: 64,
    sha256: String(index),
    differenceHash: '0'.repeat(16),
    caption: index === 0 ? 'brdgn, a mug seen from the front' : 'brdgn',
    createdAt: '2026-11-30T12:00:00.000Z',
  })),
};

export interface RecordedRun {
  submitted: string[];
  progress: { step: number; steps: number; logs: string[] }[];
}

/** A maker of runs of one trainer, each recording what the trainer reported through its callbacks. */
export function trainerRun(defaults: Partial<Training>) {
  return (overrides: Partial<Training> = {}, signals: { signal?: AbortSignal; canceled?: AbortSignal } = {}): TrainerRun & RecordedRun => {
    const recorded: RecordedRun = { submitted: [], progress: [] };
    return {
      ...recorded,
      training: {
        id: 'training-1',
        brandId: 'brand-1',
        setId: 'set-1',
        trainer: 'fal',
        family: 'flux',
        steps: 500,
        learningRate: 0.0004,
        useAtOnce: true,
        status: 'running',
        step: 0,
        estimatedCostUsd: 1,
        providerRequestId: null,
        cancelRequested: false,
        loraId: null,
        brandVersion: null,
        error: null,
        createdBy: 'admin',
        createdAt: '2026-11-30T12:00:00.000Z',
        finishedAt: null,
        ...defaults,
        ...overrides,
      },
      set: contractSet,
      readImage: async (image) => testPng(image.id === 'image-0' ? 10 : 20),
      onSubmitted: async (id) => void recorded.submitted.push(id),
      onProgress: async (progress) => void recorded.progress.push(progress),
      signal: signals.signal ?? new AbortController().signal,
      canceled: signals.canceled ?? new AbortController().signal,
    };
  };
}
