import { EventEmitter } from 'node:events';
import type { TrainingBusEvent } from '../domain/training.ts';
import type { EventBus, JobEvent, JobEventListener, TrainingEventListener } from './event-bus.ts';

/** A symbol, so that no job id can collide with it. */
const SETTINGS_CHANGED = Symbol('settings changed');

export class InMemoryEventBus implements EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open SSE stream of a job; many browser tabs on one job are normal.
    this.emitter.setMaxListeners(0);
  }

  async publish(event: JobEvent): Promise<void> {
    this.emitter.emit(event.jobId, event);
  }

  async subscribe(jobId: string, listener: JobEventListener): Promise<() => void> {
    this.emitter.on(jobId, listener);
    return () => this.emitter.off(jobId, listener);
  }

  async publishTraining(event: TrainingBusEvent): Promise<void> {
    this.emitter.emit(trainingChannel(event.trainingId), event);
  }

  async subscribeTraining(trainingId: string, listener: TrainingEventListener): Promise<() => void> {
    this.emitter.on(trainingChannel(trainingId), listener);
    return () => this.emitter.off(trainingChannel(trainingId), listener);
  }

  async announceProjectJob(projectId: string, jobId: string): Promise<void> {
    this.emitter.emit(projectChannel(projectId), jobId);
  }

  async onProjectJob(projectId: string, listener: (jobId: string) => void): Promise<() => void> {
    this.emitter.on(projectChannel(projectId), listener);
    return () => this.emitter.off(projectChannel(projectId), listener);
  }

  /** One process is the whole installation: the announcement reaches only listeners in it. */
  async announceSettingsChange(): Promise<void> {
    this.emitter.emit(SETTINGS_CHANGED);
  }

  async onSettingsChange(listener: () => void): Promise<() => void> {
    this.emitter.on(SETTINGS_CHANGED, listener);
    return () => this.emitter.off(SETTINGS_CHANGED, listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/** Job ids are UUIDs, so a name with a colon never collides with a job's. */
function projectChannel(projectId: string): string {
  return `project:${projectId}`;
}

function trainingChannel(trainingId: string): string {
  return `training:${trainingId}`;
}
