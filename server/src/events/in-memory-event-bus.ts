import { EventEmitter } from 'node:events';
import type { EventBus, JobEvent, JobEventListener } from './event-bus.ts';

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

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
