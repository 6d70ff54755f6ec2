import { APICallError } from '@ai-sdk/provider';

export interface OrchestrationCallerOptions {
  /** https://orchestration.civitai.com, or a proxy in front of it. */
  baseUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
}

export interface OrchestrationAnswer {
  status: number;
  body: unknown;
}

export type OrchestrationCall = (
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options?: { json?: unknown; signal?: AbortSignal | undefined },
) => Promise<OrchestrationAnswer>;

/**
 * Calls civitai's orchestration consumer API with `Authorization: Bearer`. The key only ever goes to the configured
 * base URL. A refusal becomes an AI SDK call error carrying the status and headers (so the provider policy can honour
 * `Retry-After` on a 429) and the problem document's own words, without the key.
 */
export function orchestrationCaller(options: OrchestrationCallerOptions): OrchestrationCall {
  const base = options.baseUrl.replace(/\/+$/u, '');
  const fetchFn = options.fetch ?? fetch;
  return async (method, path, { json, signal } = {}) => {
    const url = `${base}${path}`;
    const headers: Record<string, string> = { authorization: `Bearer ${options.apiKey}`, accept: 'application/json' };
    if (json !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetchFn(url, {
        method,
        headers,
        ...(json !== undefined && { body: JSON.stringify(json) }),
        ...(signal && { signal }),
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      throw new APICallError({ message: `Cannot connect to civitai at ${base}`, url, requestBodyValues: json, cause: error });
    }
    const text = await response.text();
    if (!response.ok) {
      throw new APICallError({
        message: problemMessage(text) ?? `civitai answered HTTP ${response.status}`,
        url,
        requestBodyValues: json,
        statusCode: response.status,
        responseHeaders: Object.fromEntries(response.headers),
        responseBody: text,
      });
    }
    return { status: response.status, body: text ? parseJson(text, url, json) : undefined };
  };
}

function parseJson(text: string, url: string, requestBodyValues: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new APICallError({ message: 'civitai sent an answer that is not JSON', url, requestBodyValues, statusCode: 200, cause: error });
  }
}

/** The words of an RFC 7807 problem document: title, detail, then each field's messages. */
export function problemMessage(body: string): string | undefined {
  let problem: { title?: unknown; detail?: unknown; errors?: unknown };
  try {
    problem = JSON.parse(body) as typeof problem;
  } catch {
    return undefined;
  }
  if (!problem || typeof problem !== 'object') return undefined;
  const parts = [problem.title, problem.detail].filter((part): part is string => typeof part === 'string' && part !== '');
  if (problem.errors && typeof problem.errors === 'object') {
    for (const [field, messages] of Object.entries(problem.errors as Record<string, unknown>)) {
      const list = Array.isArray(messages) ? messages.filter((message) => typeof message === 'string') : [];
      if (list.length > 0) parts.push(`${field}: ${list.join(' ')}`);
    }
  }
  return parts.length > 0 ? parts.join(' ') : undefined;
}
