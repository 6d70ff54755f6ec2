import { Pool } from 'undici';

export function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

export function median(values: number[]): number {
  return percentile(values, 0.5);
}

/**
 * Seconds for `amount` POST requests of one JSON body, `connections` at a time over keep-alive connections. Every answer
 * must be a 2xx, or the figure would time refusals. An undici pool rather than fetch, which spends several times more
 * of the cores the client shares with the server; and not wrk, which runs for a time rather than a number of requests.
 */
export async function timePosts(url: string, body: unknown, amount: number, connections: number): Promise<number> {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections });
  const payload = JSON.stringify(body);
  const failures: string[] = [];
  let sent = 0;
  try {
    const started = performance.now();
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (sent < amount) {
          sent += 1;
          const response = await pool.request({
            method: 'POST',
            path: target.pathname,
            headers: { 'content-type': 'application/json' },
            body: payload,
          });
          const text = await response.body.text();
          if (response.statusCode < 200 || response.statusCode > 299) failures.push(`${response.statusCode} ${text.slice(0, 200)}`);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    if (failures.length > 0) throw new Error(`${url}: ${failures.length} answers were not 2xx, the first: ${failures[0]}`);
    return seconds;
  } finally {
    await pool.close();
  }
}

/** Opens an SSE stream and calls back for every event as it arrives, with the moment it arrived. */
export async function followEvents(url: string, onEvent: (event: { type: string; data: any; receivedAt: number }) => void): Promise<void> {
  const response = await fetch(url, { headers: { accept: 'text/event-stream' } });
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body!) {
    const receivedAt = Date.now();
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const type = /^event: ?(.*)$/m.exec(block)?.[1];
      const data = /^data: ?(.*)$/m.exec(block)?.[1];
      if (type && data) onEvent({ type, data: JSON.parse(data), receivedAt });
    }
  }
}

/** Asks the server for one job and returns its id; anything but 202 stops the benchmark. */
export async function postJob(baseUrl: string, prompt: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/generate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt }),
  });
  if (response.status !== 202) throw new Error(`generate answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { job_id: string }).job_id;
}
