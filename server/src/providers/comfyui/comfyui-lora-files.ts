import { z } from 'zod';

/** `GET /object_info/LoraLoader` as ComfyUI answers it: the loader's `lora_name` input lists every file in models/loras. */
const loraLoaderInfo = z.object({
  LoraLoader: z.object({
    input: z.object({
      required: z.object({ lora_name: z.tuple([z.array(z.string())]).rest(z.unknown()) }),
    }),
  }),
});

/** How long a listing is reused: a LoRA list page asks once, not once per LoRA, and ComfyUI may be slow. */
const CACHE_MS = 30_000;
const TIMEOUT_MS = 5_000;

/**
 * The LoRA files installed on a ComfyUI server, read from its LoraLoader node's choices; undefined when the server
 * does not answer, so the caller can say "unknown" rather than "missing".
 */
export function comfyuiLoraFiles(options: {
  baseUrl: string;
  fetch?: typeof fetch;
  now?: () => number;
}): () => Promise<ReadonlySet<string> | undefined> {
  const fetchFn = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  let cached: { at: number; names: ReadonlySet<string> } | undefined;
  return async () => {
    if (cached && now() - cached.at < CACHE_MS) return cached.names;
    try {
      const response = await fetchFn(`${options.baseUrl.replace(/\/+$/u, '')}/object_info/LoraLoader`, {
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!response.ok) return undefined;
      const parsed = loraLoaderInfo.safeParse(await response.json());
      if (!parsed.success) return undefined;
      // ComfyUI on Windows lists subfolders with backslashes; kits name them with forward slashes.
      const names = new Set(parsed.data.LoraLoader.input.required.lora_name[0].map((name) => name.replaceAll('\\', '/')));
      cached = { at: now(), names };
      return names;
    } catch {
      return undefined;
    }
  };
}
