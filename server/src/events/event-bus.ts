export interface JobEvent {
  jobId: string;
  sequence: number;
  type: JobEventType;
  data: unknown;
}

/** `image_progress` carries `{n, fraction}` for models that report progress within one image (ComfyUI). */
export type JobEventType = 'state' | 'progress' | 'image' | 'image_progress' | 'complete' | 'failed';

export type JobEventListener = (event: JobEvent) => void;

/** Carries job events from whoever runs a job to whoever streams it; it keeps nothing (the database does). */
export interface EventBus {
  publish(event: JobEvent): Promise<void>;
  /** Returns a function that ends the subscription. */
  subscribe(jobId: string, listener: JobEventListener): Promise<() => void>;
  close(): Promise<void>;
}
