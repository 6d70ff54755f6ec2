export interface ServerSentEvent {
  id: string | undefined;
  event: string;
  data: any;
}

/** Reads a whole SSE response (until the server ends it) into events and comment lines. */
export async function readEventStream(
  url: string,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
): Promise<{ status: number; contentType: string | null; events: ServerSentEvent[]; comments: string[] }> {
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  const events: ServerSentEvent[] = [];
  const comments: string[] = [];
  for (const block of text.split('\n\n')) {
    if (block.trim() === '') continue;
    let id: string | undefined;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) comments.push(line.slice(1).trim());
      else if (line.startsWith('id:')) id = line.slice(3).trim();
      else if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length > 0) events.push({ id, event, data: JSON.parse(data.join('\n')) });
  }
  return { status: response.status, contentType: response.headers.get('content-type'), events, comments };
}

/** Parses one SSE block; undefined for a comment-only block. */
function parseBlock(block: string): ServerSentEvent | undefined {
  let id: string | undefined;
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('id:')) id = line.slice(3).trim();
    else if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  return data.length > 0 ? { id, event, data: JSON.parse(data.join('\n')) } : undefined;
}

/**
 * Reads a stream that does not end by itself (a project's) until `done` says the events so far are enough, then hangs
 * up. `onOpen` runs once the server has answered, so what it starts cannot happen before the stream is open.
 */
export async function readEventsUntil(
  url: string,
  options: {
    headers?: Record<string, string>;
    done: (events: ServerSentEvent[]) => boolean;
    onOpen?: () => Promise<void>;
    timeoutMs?: number;
  },
): Promise<{ status: number; events: ServerSentEvent[] }> {
  const hangUp = new AbortController();
  const timer = setTimeout(
    () => hangUp.abort(new Error(`the stream did not say enough within ${options.timeoutMs ?? 15_000} ms`)),
    options.timeoutMs ?? 15_000,
  );
  try {
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...options.headers }, signal: hangUp.signal });
    if (response.status !== 200 || !response.body) return { status: response.status, events: [] };
    await options.onOpen?.();
    const events: ServerSentEvent[] = [];
    let buffer = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const event = parseBlock(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (event) events.push(event);
        end = buffer.indexOf('\n\n');
      }
      if (options.done(events)) break;
    }
    hangUp.abort();
    return { status: 200, events };
  } finally {
    clearTimeout(timer);
  }
}
