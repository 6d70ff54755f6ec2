import { setTimeout as sleep } from 'node:timers/promises';

/** fal model ids whose runs can outlast a synchronous HTTP request (HiDream Dev and Full at 28-50 steps). */
export const LONG_RUNNING_FAL_MODELS = new Set(['fal-ai/hidream-i1-full', 'fal-ai/hidream-i1-dev']);

interface QueueTicket {
  request_id?: string;
  status_url?: string;
  response_url?: string;
  cancel_url?: string;
}

/**
 * `@ai-sdk/fal` calls fal's synchronous endpoint, which holds one HTTP request open for the whole run. For
 * long-running models this fetch sends the same body to fal's queue API instead (`POST {queue}/{model}`), polls
 * the returned `status_url` until `COMPLETED`, and hands the SDK the result from `response_url` as if the
 * synchronous call had answered; an abort cancels the queued request with `PUT cancel_url`. The SDK keeps
 * building the request and reading the result, so only the transport changes.
 */
export function falQueueFetch(options: {
  apiBaseUrl: string;
  queueBaseUrl: string;
  pollIntervalMs?: number;
  baseFetch?: typeof fetch;
}): typeof fetch {
  const { apiBaseUrl, queueBaseUrl, pollIntervalMs = 1_000, baseFetch = fetch } = options;
  const queueOrigin = new URL(queueBaseUrl).origin;
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const modelId = url.startsWith(`${apiBaseUrl}/`) ? url.slice(apiBaseUrl.length + 1) : undefined;
    if (init?.method !== 'POST' || !modelId || !LONG_RUNNING_FAL_MODELS.has(modelId)) return baseFetch(input, init);

    const headers = new Headers(init.headers);
    const signal = init.signal ?? undefined;
    const submitted = await baseFetch(`${queueBaseUrl}/${modelId}`, { ...init, headers });
    if (!submitted.ok) return submitted;
    const ticket = (await submitted
      .clone()
      .json()
      .catch(() => ({}))) as QueueTicket;
    // Only addresses on the configured queue origin receive the key.
    const trusted = (address: string | undefined): address is string =>
      !!address && URL.canParse(address) && new URL(address).origin === queueOrigin;
    if (!trusted(ticket.status_url) || !trusted(ticket.response_url)) return submitted;

    const cancel = () => {
      if (trusted(ticket.cancel_url)) void baseFetch(ticket.cancel_url, { method: 'PUT', headers }).catch(() => undefined);
    };
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      for (;;) {
        const status = await baseFetch(ticket.status_url, { headers, ...(signal && { signal }) });
        if (!status.ok && status.status !== 202) return status;
        const body = (await status.json().catch(() => ({}))) as { status?: string };
        if (body.status === 'COMPLETED') break;
        await sleep(pollIntervalMs, undefined, signal ? { signal } : {});
      }
      return await baseFetch(ticket.response_url, { headers, ...(signal && { signal }) });
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  };
}
