const FINAL_STATUSES = new Set(['succeeded', 'failed', 'canceled']);

/**
 * `@ai-sdk/replicate` polls `urls.get` until a prediction ends, but on abort it only stops polling: the
 * prediction keeps running and billing on Replicate. This fetch remembers each new prediction's `urls.cancel`
 * and posts to it when the call is aborted (a timeout, or Brandgen stopping) before the prediction finished.
 */
export function cancelOnAbortFetch(apiKey: string, baseUrl: string, baseFetch: typeof fetch = fetch): typeof fetch {
  const trustedOrigin = new URL(baseUrl).origin;
  return async (input, init) => {
    const response = await baseFetch(input, init);
    const signal = init?.signal;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!signal || init?.method !== 'POST' || !response.ok || !/\/predictions$/u.test(new URL(url).pathname)) return response;
    const prediction = (await response
      .clone()
      .json()
      .catch(() => undefined)) as { status?: string; urls?: { cancel?: string; get?: string } } | undefined;
    const cancelUrl = prediction?.urls?.cancel;
    if (!cancelUrl || FINAL_STATUSES.has(prediction.status ?? '') || !URL.canParse(cancelUrl)) return response;
    // The key only goes to the configured origin, never to an address taken from a response elsewhere.
    if (new URL(cancelUrl).origin !== trustedOrigin) return response;
    // Brandgen's per-attempt signal aborts only on timeout or shutdown, never after a call has returned.
    signal.addEventListener(
      'abort',
      () => void baseFetch(cancelUrl, { method: 'POST', headers: { authorization: `Bearer ${apiKey}` } }).catch(() => undefined),
      { once: true },
    );
    return response;
  };
}
