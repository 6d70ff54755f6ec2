import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { comfyUiEntries } from '../../src/providers/comfyui/comfyui-catalog.ts';
import { withProgressListener } from '../../src/providers/generation-progress.ts';
import { startFakeComfyUi, type FakeComfyUi } from '../fakes/fake-comfyui.ts';
import { testPng } from '../fakes/fake-http-server.ts';
import { generateOne } from '../fakes/provider-harness.ts';
import { postJson, startTestBrandgen, waitForJob } from '../support/test-brandgen.ts';

describe('ComfyUI contract', () => {
  let comfy: FakeComfyUi;
  before(async () => {
    comfy = await startFakeComfyUi();
  });
  after(async () => comfy.close());

  const entries = (timeoutMs = 10_000, workflowsDirectory?: string) =>
    new Map(
      comfyUiEntries({ baseUrl: comfy.origin, timeoutMs, concurrency: 1, workflowsDirectory }, { backoffMs: 10 }).map((entry) => [entry.id, entry]),
    );

  it('queues the HiDream Full workflow with the prompt, seed, size, steps and the brand LoRA in its loader node', async () => {
    comfy.behaviour = 'succeed';
    const fractions: number[] = [];
    const result = await withProgressListener(
      (fraction) => fractions.push(fraction),
      () =>
        generateOne(entries().get('comfyui-hidream-i1')!, {
          preset: 'high',
          size: '1344x768',
          lora: { path: 'loras/brandgen-hidream-hero.safetensors', scale: 0.75 },
        }),
    );
    assert.equal(result.image.mediaType, 'image/png');
    const prompt = comfy.requests.find((request) => request.path === '/prompt')!;
    assert.match(prompt.body.client_id, /^[0-9a-f-]{36}$/u);
    const workflow = comfy.workflows.at(-1)!;
    assert.equal(workflow['1']!.inputs.unet_name, 'hidream_i1_full_fp8.safetensors');
    assert.deepEqual(workflow['4']!.inputs, {
      model: ['1', 0],
      clip: ['2', 0],
      lora_name: 'brandgen-hidream-hero.safetensors',
      strength_model: 0.75,
      strength_clip: 0.75,
    });
    assert.equal(workflow['6']!.inputs.text, 'brndgn style, a red bicycle');
    assert.equal(workflow['7']!.inputs.text, 'blurry, text');
    assert.deepEqual([workflow['8']!.inputs.width, workflow['8']!.inputs.height], [1344, 768]);
    assert.deepEqual([workflow['9']!.inputs.seed, workflow['9']!.inputs.steps, workflow['9']!.inputs.cfg], [7, 50, 5]);
    // progress value/max reached the listener.
    assert.deepEqual(fractions, [0.25, 0.5, 0.75, 1]);
    const [view] = comfy.requests.filter((request) => request.path.startsWith('/view'));
    assert.match(view!.path, /^\/view\?filename=brandgen_.*\.png&subfolder=&type=output$/u);
    assert.ok(comfy.requests.some((request) => request.path.startsWith('/history/')));
  });

  it('bypasses the LoRA loader when the model runs without a LoRA', async () => {
    await generateOne(entries().get('comfyui-flux-schnell')!, { lora: null });
    const workflow = comfy.workflows.at(-1)!;
    assert.equal(workflow['4'], undefined);
    assert.deepEqual(workflow['6']!.inputs.clip, ['2', 0]);
    assert.deepEqual(workflow['9']!.inputs.model, ['1', 0]);
    assert.equal(workflow['9']!.inputs.steps, 4);
  });

  it('fails the image with ComfyUI\'s own execution_error message', async () => {
    comfy.behaviour = 'fail';
    try {
      await assert.rejects(
        generateOne(entries().get('comfyui-sd35-large')!),
        /ComfyUI failed: ComfyUI could not run the workflow: Allocation on device 0 would exceed allowed memory\. \(out of memory\) \(in KSampler\)/,
      );
    } finally {
      comfy.behaviour = 'succeed';
    }
  });

  it('interrupts the run when the call times out', async () => {
    comfy.behaviour = 'hang';
    try {
      await assert.rejects(generateOne(entries(800).get('comfyui-flux-dev')!), /ComfyUI did not answer in time/);
      for (let waited = 0; waited < 5_000 && !comfy.requests.some((request) => request.path === '/interrupt'); waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const interrupt = comfy.requests.find((request) => request.path === '/interrupt');
      assert.ok(interrupt);
      assert.match(interrupt.body.prompt_id, /^[0-9a-f-]{36}$/u);
    } finally {
      comfy.behaviour = 'succeed';
    }
  });

  it('runs a workflow an administrator registered, writing into the inputs it names', async () => {
    await withWorkflowFile('poster.json', {
        id: 'studio-poster',
        label: 'Studio poster',
        family: 'flux',
        workflow: {
          a: { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'studio.safetensors' } },
          b: { class_type: 'CLIPTextEncode', inputs: { clip: ['a', 1], text: '' } },
          c: { class_type: 'EmptyLatentImage', inputs: { width: 512, height: 512, batch_size: 1 } },
          d: { class_type: 'KSampler', inputs: { model: ['a', 0], positive: ['b', 0], negative: ['b', 0], latent_image: ['c', 0], seed: 0, steps: 20, cfg: 7, sampler_name: 'euler', scheduler: 'normal', denoise: 1 } },
          e: { class_type: 'VAEDecode', inputs: { samples: ['d', 0], vae: ['a', 2] } },
          f: { class_type: 'SaveImage', inputs: { images: ['e', 0], filename_prefix: 'studio' } },
        },
        inputs: { prompt: ['b', 'text'], seed: ['d', 'seed'], width: ['c', 'width'], height: ['c', 'height'] },
      }, async (directory) => {
      const entry = entries(10_000, directory).get('comfyui-studio-poster')!;
      assert.equal(entry.supportsLora, false);
      await generateOne(entry, {}, { seed: 99 });
      const workflow = comfy.workflows.at(-1)!;
      assert.equal(workflow.b!.inputs.text, 'brndgn style, a red bicycle');
      assert.equal(workflow.d!.inputs.seed, 99);
      assert.equal(workflow.c!.inputs.width, 1024);
    });
  });

  it('reports a workflow ComfyUI refuses (HTTP 400 with its error body) in its own words', async () => {
    await withWorkflowFile('broken.json', {
        id: 'broken',
        label: 'No output node',
        workflow: { a: { class_type: 'CLIPTextEncode', inputs: { text: '' } } },
        inputs: { prompt: ['a', 'text'] },
      }, async (directory) => {
      await assert.rejects(generateOne(entries(10_000, directory).get('comfyui-broken')!), /ComfyUI refused the request \(HTTP 400\): Prompt has no outputs/);
    });
  });

  it('uploads an input image with /upload/image and writes its name into the LoadImage node', async () => {
    await withWorkflowFile('restyle.json', {
        id: 'restyle',
        label: 'Restyle',
        workflow: {
          a: { class_type: 'LoadImage', inputs: { image: 'placeholder.png' } },
          b: { class_type: 'SaveImage', inputs: { images: ['a', 0], filename_prefix: 'restyle' } },
        },
        inputs: { prompt: ['b', 'filename_prefix'], image: ['a', 'image'] },
      }, async (directory) => {
      const entry = entries(10_000, directory).get('comfyui-restyle')!;
      assert.equal(entry.supportsImageInput, true);
      const input = new Uint8Array(await testPng(5));
      const result = await entry.model('restyle').doGenerate({
        prompt: 'restyle',
        n: 1,
        size: '1024x1024',
        aspectRatio: undefined,
        seed: 1,
        files: [{ type: 'file', mediaType: 'image/png', data: input }],
        mask: undefined,
        providerOptions: {},
      });
      assert.equal(result.images.length, 1);
      const upload = comfy.requests.find((request) => request.path === '/upload/image')!;
      assert.match(String(upload.headers['content-type']), /^multipart\/form-data; boundary=/u);
      assert.match(upload.body, /name="image"; filename="brandgen-[0-9a-f-]+\.png"/u);
      assert.match(upload.body, /name="overwrite"\r\n\r\ntrue/u);
      const uploadedName = /filename="([^"]+)"/u.exec(upload.body)![1];
      assert.equal(comfy.workflows.at(-1)!.a!.inputs.image, uploadedName);
    });
  });

  it('feeds ComfyUI progress into the job as image_progress events', async () => {
    comfy.steps = 10;
    const app = await startTestBrandgen({ COMFYUI_URL: comfy.origin });
    try {
      const models = (await (await fetch(`${app.baseUrl}/api/models`)).json()) as { models: Array<{ id: string }>; demo_only: boolean };
      assert.equal(models.demo_only, false);
      assert.equal(models.models[0]!.id, 'comfyui-hidream-i1');
      const accepted = await postJson(app.baseUrl, '/api/generate', { prompt: 'a lighthouse', asset_type: 'icon', preset: 'draft' });
      const { job_id: jobId } = (await accepted.json()) as { job_id: string };
      const job = await waitForJob(app.baseUrl, jobId, 30_000);
      assert.equal(job.status, 'complete', JSON.stringify(job.error));
      const workflow = comfy.workflows.at(-1)!;
      assert.equal(workflow['1']!.inputs.unet_name, 'hidream_i1_fast_fp8.safetensors');
      assert.equal(workflow['4']!.inputs.lora_name, 'brandgen-hidream-icon.safetensors');
      const events = await readEventTypes(app.baseUrl, jobId);
      assert.ok(events.filter((type) => type === 'image_progress').length >= 4, events.join(','));
    } finally {
      comfy.steps = 4;
      await app.close();
    }
  });
});

async function readEventTypes(baseUrl: string, jobId: string): Promise<string[]> {
  const response = await fetch(`${baseUrl}/api/jobs/${jobId}/events`, { headers: { 'last-event-id': '0' } });
  const reader = response.body!.getReader();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
    if (/event: (complete|failed)/u.test(text)) break;
  }
  await reader.cancel();
  return [...text.matchAll(/^event: (\S+)$/gmu)].map((match) => match[1]!);
}

/** A folder holding one registered workflow file for the duration of `use`. */
async function withWorkflowFile(name: string, workflow: unknown, use: (directory: string) => Promise<void>): Promise<void> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'brandgen-workflows-'));
  try {
    await writeFile(path.join(directory, name), JSON.stringify(workflow));
    await use(directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
