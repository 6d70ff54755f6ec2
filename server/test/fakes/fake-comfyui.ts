import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { testPng, type RecordedRequest } from './fake-http-server.ts';

export type FakeComfyBehaviour = 'succeed' | 'fail' | 'hang';

/**
 * A ComfyUI server as its HTTP and WebSocket API behave: `POST /prompt` queues an API-format workflow for a
 * `client_id`, the run is reported on `/ws?clientId=` (`execution_start`, `executing`, `progress`, `executed`,
 * `execution_success` or `execution_error`), results are listed by `/history/{prompt_id}` and served by `/view`.
 * `/upload/image` stores a file in the input folder; like ComfyUI, `/prompt` refuses a LoadImage of a file not there.
 */
export interface FakeComfyUi {
  origin: string;
  requests: RecordedRequest[];
  /** Workflows received by POST /prompt, in order. */
  workflows: Array<Record<string, { class_type: string; inputs: Record<string, unknown> }>>;
  behaviour: FakeComfyBehaviour;
  steps: number;
  /** The files in models/loras, listed by `/object_info/LoraLoader` as the loader's `lora_name` choices. */
  loraFiles: string[];
  close(): Promise<void>;
}

export async function startFakeComfyUi(): Promise<FakeComfyUi> {
  const png = await testPng(9);
  const sockets = new Map<string, WebSocket>();
  const history = new Map<string, unknown>();
  const running = new Map<string, string>();
  const inputFiles = new Set<string>();
  const state: FakeComfyUi = {
    origin: '',
    requests: [],
    workflows: [],
    behaviour: 'succeed',
    steps: 4,
    loraFiles: [],
    close: async () => undefined,
  };

  const send = (clientId: string, type: string, data: unknown) => sockets.get(clientId)?.send(JSON.stringify({ type, data }));
  const run = async (promptId: string, clientId: string) => {
    const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
    send(clientId, 'execution_start', { prompt_id: promptId, timestamp: Date.now() });
    send(clientId, 'executing', { node: '9', display_node: '9', prompt_id: promptId });
    // A binary preview frame, which a client must ignore.
    sockets.get(clientId)?.send(Buffer.from([0, 0, 0, 1, 0, 0, 0, 2]));
    for (let value = 1; value <= state.steps; value += 1) {
      await pause();
      send(clientId, 'progress', { value, max: state.steps, prompt_id: promptId, node: '9' });
      if (state.behaviour === 'hang' && value === 1) return;
    }
    if (state.behaviour === 'fail') {
      send(clientId, 'execution_error', {
        prompt_id: promptId,
        node_id: '9',
        node_type: 'KSampler',
        executed: ['1', '2', '3'],
        exception_message: 'Allocation on device 0 would exceed allowed memory. (out of memory)',
        exception_type: 'torch.OutOfMemoryError',
        traceback: ['Traceback (most recent call last):'],
      });
      return;
    }
    const images = [{ filename: `brandgen_${promptId}.png`, subfolder: '', type: 'output' }];
    history.set(promptId, {
      prompt: [1, promptId, {}, {}, ['11']],
      outputs: { '11': { images } },
      status: { status_str: 'success', completed: true, messages: [] },
    });
    send(clientId, 'executed', { node: '11', display_node: '11', output: { images }, prompt_id: promptId });
    send(clientId, 'execution_success', { prompt_id: promptId, timestamp: Date.now() });
    send(clientId, 'executing', { node: null, prompt_id: promptId });
  };

  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const text = raw.toString('utf8');
    const isJson = (request.headers['content-type'] ?? '').includes('application/json');
    const recorded = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headers: request.headers,
      body: isJson && text ? JSON.parse(text) : text,
      raw,
    };
    state.requests.push(recorded);
    const url = new URL(recorded.path, 'http://fake');
    const json = (status: number, body: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

    if (recorded.method === 'POST' && url.pathname === '/prompt') {
      const { prompt, client_id: clientId } = recorded.body as { prompt?: Record<string, any>; client_id?: string };
      if (!prompt || typeof prompt !== 'object' || !Object.values(prompt).some((node) => node.class_type === 'SaveImage')) {
        return json(400, {
          error: { type: 'prompt_no_outputs', message: 'Prompt has no outputs', details: '', extra_info: {} },
          node_errors: {},
        });
      }
      const missingImages = Object.entries(prompt).filter(
        ([, node]) => node.class_type === 'LoadImage' && !inputFiles.has(node.inputs?.image),
      );
      if (missingImages.length > 0) {
        return json(400, {
          error: { type: 'prompt_outputs_failed_validation', message: 'Prompt outputs failed validation', details: '', extra_info: {} },
          node_errors: Object.fromEntries(
            missingImages.map(([id, node]) => [
              id,
              {
                errors: [
                  {
                    type: 'custom_validation_failed',
                    message: 'Custom validation failed for node',
                    details: `image - Invalid image file: ${node.inputs?.image}`,
                    extra_info: {},
                  },
                ],
                dependent_outputs: [],
                class_type: 'LoadImage',
              },
            ]),
          ),
        });
      }
      state.workflows.push(prompt);
      const promptId = randomUUID();
      running.set(promptId, clientId ?? '');
      json(200, { prompt_id: promptId, number: state.workflows.length, node_errors: {} });
      void run(promptId, clientId ?? '');
      return;
    }
    if (recorded.method === 'GET' && url.pathname === '/object_info/LoraLoader') {
      return json(200, {
        LoraLoader: {
          input: {
            required: {
              model: ['MODEL', { tooltip: 'The diffusion model the LoRA will be applied to.' }],
              clip: ['CLIP', { tooltip: 'The CLIP model the LoRA will be applied to.' }],
              lora_name: [state.loraFiles, { tooltip: 'The name of the LoRA.' }],
              strength_model: ['FLOAT', { default: 1.0, min: -100.0, max: 100.0, step: 0.01 }],
              strength_clip: ['FLOAT', { default: 1.0, min: -100.0, max: 100.0, step: 0.01 }],
            },
          },
          input_order: { required: ['model', 'clip', 'lora_name', 'strength_model', 'strength_clip'] },
          output: ['MODEL', 'CLIP'],
          output_is_list: [false, false],
          output_name: ['MODEL', 'CLIP'],
          name: 'LoraLoader',
          display_name: 'Load LoRA',
          description: 'LoRAs are used to modify diffusion and CLIP models.',
          python_module: 'nodes',
          category: 'loaders',
          output_node: false,
        },
      });
    }
    if (recorded.method === 'POST' && url.pathname === '/interrupt') {
      const promptId = (recorded.body as { prompt_id?: string }).prompt_id;
      const clientId = promptId ? running.get(promptId) : undefined;
      if (promptId && clientId !== undefined) {
        send(clientId, 'execution_interrupted', { prompt_id: promptId, node_id: '9', node_type: 'KSampler', executed: [] });
      }
      return response.writeHead(200).end();
    }
    if (recorded.method === 'GET' && url.pathname.startsWith('/history/')) {
      const promptId = decodeURIComponent(url.pathname.slice('/history/'.length));
      return json(200, history.has(promptId) ? { [promptId]: history.get(promptId) } : {});
    }
    if (recorded.method === 'GET' && url.pathname === '/view') {
      if (url.searchParams.get('type') !== 'output' || !url.searchParams.get('filename')) return response.writeHead(404).end();
      return response.writeHead(200, { 'content-type': 'image/png' }).end(png);
    }
    if (recorded.method === 'POST' && url.pathname === '/upload/image') {
      const form = await new Response(raw, { headers: { 'content-type': request.headers['content-type'] ?? '' } }).formData();
      const image = form.get('image');
      if (!(image instanceof File)) return response.writeHead(400).end();
      inputFiles.add(image.name);
      return json(200, { name: image.name, subfolder: '', type: 'input' });
    }
    response.writeHead(404).end();
  });
  const socketServer = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    if (url.pathname !== '/ws') return socket.destroy();
    socketServer.handleUpgrade(request, socket, head, (ws) => {
      const clientId = url.searchParams.get('clientId') ?? randomUUID();
      sockets.set(clientId, ws);
      ws.send(JSON.stringify({ type: 'status', data: { status: { exec_info: { queue_remaining: 0 } }, sid: clientId } }));
      ws.on('close', () => sockets.delete(clientId));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = async () => {
    for (const ws of socketServer.clients) ws.terminate();
    socketServer.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}
