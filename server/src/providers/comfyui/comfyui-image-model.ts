import { randomUUID } from 'node:crypto';
import type { ImageModelV4, ImageModelV4CallOptions } from '@ai-sdk/provider';
import { APICallError } from '@ai-sdk/provider';
import WebSocket from 'ws';
import { reportProgress } from '../generation-progress.ts';
import { imageToImageTemplate } from './image-to-image-workflow.ts';
import { fillWorkflow, type WorkflowTemplate } from './workflow-template.ts';

export interface ComfyUiSettings {
  /** http(s)://host:port of the ComfyUI server. */
  baseUrl: string;
  fetch?: typeof fetch;
}

interface ComfyUiOptions {
  steps?: number | null;
  guidance?: number | null;
  negativePrompt?: string;
  lora?: { path: string; scale: number } | null;
  /** Image-to-image strength, written into the sampler's `denoise`. */
  denoise?: number | null;
}

interface SavedImage {
  filename: string;
  subfolder: string;
  type: string;
}

/** Calls ComfyUI's HTTP API; a refusal or a failed connection becomes an AI SDK call error. */
function comfyUiCaller(base: string, fetchFn: typeof fetch): (path: string, init?: RequestInit & { json?: unknown }) => Promise<Response> {
  return async (path, init = {}) => {
    const { json, ...rest } = init;
    const url = `${base}${path}`;
    let response: Response;
    try {
      response = await fetchFn(url, {
        ...rest,
        ...(json !== undefined && { method: 'POST', body: JSON.stringify(json), headers: { 'content-type': 'application/json' } }),
      });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new APICallError({
        message: `Cannot connect to ComfyUI at ${base}`,
        url,
        requestBodyValues: json,
        cause: error,
        isRetryable: true,
      });
    }
    if (!response.ok) {
      const body = await response.text().catch(() => '');
      throw new APICallError({
        message: comfyErrorMessage(body) ?? `ComfyUI answered HTTP ${response.status}`,
        url,
        requestBodyValues: json,
        statusCode: response.status,
        responseHeaders: Object.fromEntries(response.headers),
        responseBody: body,
      });
    }
    return response;
  };
}

/**
 * A ComfyUI server as an AI SDK image model: the workflow template filled with the request (its image-to-image form
 * when the call brings a source file, which is uploaded with `/upload/image` first), queued with
 * `POST /prompt`, followed over `/ws?clientId=` (progress, errors, completion), its images read from
 * `/history/{prompt_id}` and fetched from `/view`. An abort interrupts the run with `POST /interrupt`.
 * Hand-written because no maintained ComfyUI provider exists for the AI SDK.
 */
export function createComfyUiImageModel(template: WorkflowTemplate, settings: ComfyUiSettings): ImageModelV4 {
  const base = settings.baseUrl.replace(/\/+$/u, '');
  const fetchFn = settings.fetch ?? fetch;
  const imageTemplate = imageToImageTemplate(template);

  const call = comfyUiCaller(base, fetchFn);

  async function uploadImage(data: Uint8Array, mediaType: string, signal: AbortSignal | undefined): Promise<string> {
    const form = new FormData();
    const extension = mediaType.split('/')[1] ?? 'png';
    form.append('image', new Blob([new Uint8Array(data)], { type: mediaType }), `brandgen-${randomUUID()}.${extension}`);
    form.append('overwrite', 'true');
    const response = await call('/upload/image', { method: 'POST', body: form, ...(signal && { signal }) });
    const saved = (await response.json()) as { name: string; subfolder?: string };
    return saved.subfolder ? `${saved.subfolder}/${saved.name}` : saved.name;
  }

  return {
    specificationVersion: 'v4',
    provider: 'comfyui',
    modelId: template.id,
    maxImagesPerCall: 1,
    async doGenerate(options: ImageModelV4CallOptions) {
      const { abortSignal: signal } = options;
      const comfy = (options.providerOptions?.comfyui ?? {}) as ComfyUiOptions;
      const [width, height] = (options.size ?? '1024x1024').split('x').map(Number);
      const file = options.files?.[0];
      const image =
        file && file.type === 'file' && file.data instanceof Uint8Array ? await uploadImage(file.data, file.mediaType, signal) : undefined;
      const workflow = fillWorkflow(image ? imageTemplate : template, {
        prompt: options.prompt ?? '',
        negativePrompt: comfy.negativePrompt,
        seed: options.seed,
        width,
        height,
        steps: comfy.steps,
        guidance: comfy.guidance,
        lora: comfy.lora ? { name: comfy.lora.path.replace(/^loras\//u, ''), strength: comfy.lora.scale } : null,
        image,
        denoise: image ? comfy.denoise : null,
      });

      const clientId = randomUUID();
      const socket = await openSocket(`${base.replace(/^http/u, 'ws')}/ws?clientId=${encodeURIComponent(clientId)}`, signal);
      let promptId: string | undefined;
      const onAbort = () => {
        if (promptId) void call('/interrupt', { json: { prompt_id: promptId } }).catch(() => undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        // Listening starts before queueing, so a fast run cannot finish before its messages are heard.
        const finished = followRun(socket, () => promptId, signal);
        // If queueing fails, nobody awaits `finished`; its rejection when the socket closes must not go unhandled.
        finished.catch(() => undefined);
        const queued = await call('/prompt', { json: { prompt: workflow, client_id: clientId }, ...(signal && { signal }) });
        const answer = (await queued.json()) as { prompt_id?: string; node_errors?: Record<string, unknown> };
        if (!answer.prompt_id) throw new Error('ComfyUI did not queue the workflow.');
        promptId = answer.prompt_id;
        await finished;

        const history = (await (await call(`/history/${encodeURIComponent(promptId)}`, signal ? { signal } : {})).json()) as Record<
          string,
          { outputs?: Record<string, { images?: SavedImage[] }> }
        >;
        const outputs = history[promptId]?.outputs ?? {};
        const saved = (template.inputs.output_node ? [outputs[template.inputs.output_node]] : Object.values(outputs))
          .flatMap((output) => output?.images ?? [])
          .filter((item) => item.type === 'output');
        if (saved.length === 0) throw new Error('ComfyUI finished the workflow without saving an image.');
        const images = await Promise.all(
          saved.map(async (item) => {
            const query = new URLSearchParams({ filename: item.filename, subfolder: item.subfolder, type: item.type });
            return new Uint8Array(await (await call(`/view?${query}`, signal ? { signal } : {})).arrayBuffer());
          }),
        );
        return { images, warnings: [], response: { timestamp: new Date(), modelId: template.id, headers: undefined } };
      } finally {
        signal?.removeEventListener('abort', onAbort);
        socket.close();
      }
    },
  };
}

function openSocket(url: string, signal: AbortSignal | undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const fail = (error: unknown) => {
      socket.terminate();
      reject(
        signal?.aborted
          ? signal.reason
          : new APICallError({
              message: `Cannot connect to ComfyUI at ${url.split('/ws')[0]}`,
              url,
              requestBodyValues: undefined,
              cause: error,
              isRetryable: true,
            }),
      );
    };
    socket.once('open', () => resolve(socket));
    socket.once('error', fail);
    signal?.addEventListener('abort', () => fail(signal.reason), { once: true });
  });
}

/** Resolves when the run succeeds; rejects with ComfyUI's own message on `execution_error`. */
function followRun(socket: WebSocket, currentPromptId: () => string | undefined, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const ours = (data: { prompt_id?: string }) => data.prompt_id !== undefined && data.prompt_id === currentPromptId();
    socket.on('message', (raw, isBinary) => {
      if (isBinary) return; // preview images
      let message: { type?: string; data?: Record<string, any> };
      try {
        message = JSON.parse(raw.toString());
      } catch {
        return;
      }
      const data = message.data ?? {};
      if (!ours(data)) return;
      switch (message.type) {
        case 'progress':
          if (typeof data.value === 'number' && typeof data.max === 'number' && data.max > 0) reportProgress(data.value / data.max);
          break;
        case 'execution_error':
          reject(
            new Error(
              `ComfyUI could not run the workflow: ${data.exception_message ?? 'unknown error'}${data.node_type ? ` (in ${data.node_type})` : ''}`,
            ),
          );
          break;
        case 'execution_interrupted':
          reject(new Error('ComfyUI stopped the workflow before it finished.'));
          break;
        case 'execution_success':
          resolve();
          break;
        case 'executing':
          // Older ComfyUI versions signal the end with `executing` and no node.
          if (data.node === null) resolve();
          break;
      }
    });
    socket.once('close', () =>
      reject(signal?.aborted ? signal.reason : new Error('ComfyUI closed the connection before the image was ready.')),
    );
  });
}

function comfyErrorMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as {
      error?: { message?: string; details?: string };
      node_errors?: Record<string, { errors?: Array<{ message?: string; details?: string }> }>;
    };
    const nodeMessages = Object.values(parsed.node_errors ?? {}).flatMap((node) =>
      (node.errors ?? []).map((error) => [error.message, error.details].filter(Boolean).join(': ')),
    );
    const main = [parsed.error?.message, parsed.error?.details].filter(Boolean).join(': ');
    return [main, ...nodeMessages].filter(Boolean).join('; ') || undefined;
  } catch {
    return undefined;
  }
}
