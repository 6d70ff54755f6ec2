import { EventEmitter } from 'node:events';
import type { EventBus, JobEvent, JobEventListener } from './event-bus.ts';

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
