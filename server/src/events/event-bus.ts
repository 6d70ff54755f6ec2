import type { JobEvent } from '../domain/job-event.ts';
import type { TrainingBusEvent } from '../domain/training.ts';

export type { JobEvent, JobEventType } from '../domain/job-event.ts';

export type JobEventListener = (event: JobEvent) => void;
export type TrainingEventListener = (event: TrainingBusEvent) => void;

/**
 * Carries job events from whoever runs a job to whoever streams it, and announcements that settings changed to every
 * process of the installation; it keeps nothing (the database does).
 */
export interface EventBus {
  publish(event: JobEvent): Promise<void>;
  /** Returns a function that ends the subscription. */
  subscribe(jobId: string, listener: JobEventListener): Promise<() => void>;
  /** Carries a training's event, already stored, to the processes streaming that training. */
  publishTraining(event: TrainingBusEvent): Promise<void>;
  /** Returns a function that ends the subscription. */
  subscribeTraining(trainingId: string, listener: TrainingEventListener): Promise<() => void>;
  /** Tells every process that a job of this project was stored, so the project's open streams follow it too. */
  announceProjectJob(projectId: string, jobId: string): Promise<void>;
  /** Calls `listener` with the id of each job announced for the project; returns a function that ends the subscription. */
  onProjectJob(projectId: string, listener: (jobId: string) => void): Promise<() => void>;
  /** Tells every process of this installation, this one included, that the settings in the database changed. */
  announceSettingsChange(): Promise<void>;
  /**
   * Calls `listener` on every settings announcement and whenever a lost connection comes back, since announcements
   * sent meanwhile are lost: the listener re-reads the settings either way. Resolves once announcements are heard;
   * returns a function that ends the subscription.
   */
  onSettingsChange(listener: () => void): Promise<() => void>;
  close(): Promise<void>;
}
