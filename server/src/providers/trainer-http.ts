import { setTimeout as sleep } from 'node:timers/promises';
import { TrainerError } from '../domain/training.ts';

export interface TrainerCallOptions {
  method?: string;
  json?: unknown;
  body?: Blob | FormData;
  contentType?: string;
  /** Signed storage and CDN links carry their own authority: the key is not sent to them. */
  anonymous?: boolean;
  binary?: boolean;
  /** For the cancel request, which must go out although the run's signal has just aborted. */
  ignoreAbort?: boolean;
  /** A 404 answers undefined instead of ending the training: for looking up something that may not exist yet. */
  missingOk?: boolean;
}

export type TrainerCall = <T>(url: string, options?: TrainerCallOptions) => Promise<T>;

export interface TrainerCallerOptions {
  /** The provider's name as people know it, for messages: "fal.ai", "Replicate". */
  provider: string;
  /** Where the key comes from, for the message when it is refused: "FAL_KEY". */
  keyName: string;
  /** The `Authorization` header's value. */
  authorization: string;
  signal: AbortSignal;
  fetch?: typeof fetch;
}

const MAX_ATTEMPTS = 5;
const LONGEST_WAIT_SECONDS = 300;

/**
 * One HTTP call of a hosted trainer: the key sent to the provider's own API only, 429s waited out per Retry-After
 * (a few times), and any other failure turned into a TrainerError in plain words, so the training ends with nothing
 * attached and the set kept.
 */
export function trainerCaller(options: TrainerCallerOptions): TrainerCall {
  const fetchImpl = options.fetch ?? fetch;
  const { signal } = options;
  return async <T>(url: string, callOptions: TrainerCallOptions = {}): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      const headers: Record<string, string> = {};
      if (!callOptions.anonymous) headers.authorization = options.authorization;
      if (callOptions.json !== undefined) headers['content-type'] = 'application/json';
      if (callOptions.contentType) headers['content-type'] = callOptions.contentType;
      const body = callOptions.json !== undefined ? JSON.stringify(callOptions.json) : callOptions.body;
      const response = await fetchImpl(url, {
        method: callOptions.method ?? 'GET',
        headers,
        ...(body !== undefined && { body }),
        ...(!callOptions.ignoreAbort && { signal }),
      });
      if (response.status === 429 && attempt < MAX_ATTEMPTS) {
        const wait = Number(response.headers.get('retry-after'));
        await sleep((Number.isFinite(wait) && wait > 0 ? Math.min(wait, LONGEST_WAIT_SECONDS) : 5) * 1000, undefined, { signal });
        continue;
      }
      if (response.status === 404 && callOptions.missingOk) {
        await response.body?.cancel();
        return undefined as T;
      }
      if (!response.ok) throw await failureOf(response, options);
      if (callOptions.binary) return new Uint8Array(await response.arrayBuffer()) as T;
      return (await response.json().catch(() => ({}))) as T;
    }
  };
}

async function failureOf(response: Response, options: TrainerCallerOptions): Promise<TrainerError> {
  const { provider, keyName } = options;
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    return new TrainerError(
      'provider_key_rejected',
      `${provider} refused the API key. Check ${keyName} in the settings, then train again.`,
    );
  }
  if (response.status === 429) {
    await response.body?.cancel();
    return new TrainerError('provider_busy', `${provider} kept answering that it is busy. Train again in a few minutes.`);
  }
  const detail = detailOf(await response.text().catch(() => ''));
  const said = detail ? ` It said: ${detail}` : '';
  return new TrainerError(
    'provider_error',
    `${provider} answered ${response.status} to the training request.${said} Nothing was attached; the set is kept.`,
  );
}

/** Both fal.ai and Replicate explain an error in a `detail` string (Replicate's in a problem document). */
function detailOf(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { detail?: unknown };
    return typeof parsed.detail === 'string' && parsed.detail.trim() ? parsed.detail.trim().slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}
