import { AsyncLocalStorage } from 'node:async_hooks';

/** Receives how far one image has come, from 0 to 1. */
export type ProgressListener = (fraction: number) => void;

// The AI SDK image-model spec has no progress callback, and provider options must be JSON, so a model that
// knows its progress (ComfyUI's `progress` messages) reports it to whoever started the call through this scope.
const scope = new AsyncLocalStorage<ProgressListener>();

/** Runs `task` so that models called inside it can report progress to `listener`. */
export function withProgressListener<T>(listener: ProgressListener, task: () => Promise<T>): Promise<T> {
  return scope.run(listener, task);
}

/** Called by a model while it works; does nothing when nobody listens. */
export function reportProgress(fraction: number): void {
  scope.getStore()?.(Math.min(1, Math.max(0, fraction)));
}
