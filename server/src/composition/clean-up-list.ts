/**
 * What a start opened, closed last first: one list for the whole start, so that whichever step fails, everything
 * opened before it is closed, and a stop closes the same things in the same order.
 */
export class CleanUpList {
  private readonly steps: Array<{ what: string; close: () => Promise<void> }> = [];
  private readonly onError: (error: unknown, what: string) => void;

  constructor(options: { onError: (error: unknown, what: string) => void }) {
    this.onError = options.onError;
  }

  /**
   * Adds a close step; answers a function that runs it now, for a stop that must close this one early (the queue
   * before the HTTP server). A step runs once however often it is asked for.
   */
  add(what: string, close: () => Promise<void> | void): () => Promise<void> {
    let closing: Promise<void> | undefined;
    const once = () => (closing ??= Promise.resolve().then(close));
    this.steps.push({ what, close: once });
    return once;
  }

  /** Runs every step, last added first; a step that fails is reported and does not keep the others open. */
  async closeAll(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.close();
      } catch (error) {
        this.onError(error, step.what);
      }
    }
  }

  /** Runs `build`; if it fails, closes what was added so far and passes the failure on. */
  async closingOnFailure<T>(build: () => Promise<T>): Promise<T> {
    try {
      return await build();
    } catch (error) {
      await this.closeAll();
      throw error;
    }
  }
}
