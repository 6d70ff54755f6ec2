/**
 * Browsers allow about six HTTP/1.1 connections per origin, and every open SSE stream holds one. With many unfinished
 * jobs or running batches on a page, streaming them all would starve ordinary requests, so past this many streams,
 * app-wide, further ones are polled instead.
 */
export const MAX_OPEN_STREAMS = 4;
let openStreams = 0;

export function openStreamCount(): number {
  return openStreams;
}

/** Takes one of the app's stream places, or undefined when all are held; the function returned gives it back, once. */
export function takeStreamPlace(): (() => void) | undefined {
  if (openStreams >= MAX_OPEN_STREAMS) return undefined;
  openStreams += 1;
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    openStreams -= 1;
  };
}
