/**
 * Reads a stream of events in the background, handing each to `onEvent`, until it ends, fails or the returned function
 * is called (which aborts `stop`). `release` runs when reading is over, however it ends. A failure ends reading
 * quietly: the page shows a stopped or refused stream through its own query.
 */
export function readEvents<Event>(options: {
  events: AsyncIterable<Event>;
  stop: AbortController;
  onEvent: (event: Event) => void | Promise<void>;
  release: () => void;
}): () => void {
  const { events, stop, onEvent, release } = options;
  void (async () => {
    try {
      for await (const event of events) await onEvent(event);
    } catch {
      // Stopped by the page, or the thing followed is gone or no longer visible: there is nothing more to show.
    } finally {
      release();
    }
  })();
  return () => {
    stop.abort();
    release();
  };
}
