import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_BRAND_ID } from '../../src/domain/brand.ts';
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
      comfyUiEntries({ baseUrl: comfy.origin, timeoutMs, concurrency: 1, workflowsDirectory }, { backoffMs: 10 }).map((entry) => [
        entry.id,
        entry,
      ]),
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

  it("fails the image with ComfyUI's own execution_error message", async () => {
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
    await withWorkflowFile(
      'poster.json',
      {
        id: 'studio-poster',
        label: 'Studio poster',
        family: 'flux',
        workflow: {
          a: { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'studio.safetensors' } },
          b: { class_type: 'CLIPTextEncode', inputs: { clip: ['a', 1], text: '' } },
          c: { class_type: 'EmptyLatentImage', inputs: { width: 512, height: 512, batch_size: 1 } },
          d: {
            class_type: 'KSampler',
            inputs: {
              model: ['a', 0],
              positive: ['b', 0],
              negative: ['b', 0],
              latent_image: ['c', 0],
              seed: 0,
              steps: 20,
              cfg: 7,
              sampler_name: 'euler',
              scheduler: 'normal',
              denoise: 1,
            },
          },
          e: { class_type: 'VAEDecode', inputs: { samples: ['d', 0], vae: ['a', 2] } },
          f: { class_type: 'SaveImage', inputs: { images: ['e', 0], filename_prefix: 'studio' } },
        },
        inputs: { prompt: ['b', 'text'], seed: ['d', 'seed'], width: ['c', 'width'], height: ['c', 'height'] },
      },
      async (directory) => {
        const entry = entries(10_000, directory).get('comfyui-studio-poster')!;
        assert.equal(entry.supportsLora, false);
        await generateOne(entry, {}, { seed: 99 });
        const workflow = comfy.workflows.at(-1)!;
        assert.equal(workflow.b!.inputs.text, 'brndgn style, a red bicycle');
        assert.equal(workflow.d!.inputs.seed, 99);
        assert.equal(workflow.c!.inputs.width, 1024);
      },
    );
  });

  it('reports a workflow ComfyUI refuses (HTTP 400 with its error body) in its own words', async () => {
    await withWorkflowFile(
      'broken.json',
      {
        id: 'broken',
        label: 'No output node',
        workflow: { a: { class_type: 'CLIPTextEncode', inputs: { text: '' } } },
        inputs: { prompt: ['a', 'text'] },
      },
      async (directory) => {
        await assert.rejects(
          generateOne(entries(10_000, directory).get('comfyui-broken')!),
          /ComfyUI refused the request \(HTTP 400\): Prompt has no outputs/,
        );
      },
    );
  });

  it('uploads an input image with /upload/image and writes its name into the LoadImage node', async () => {
    await withWorkflowFile(
      'restyle.json',
      {
        id: 'restyle',
        label: 'Restyle',
        workflow: {
          a: { class_type: 'LoadImage', inputs: { image: 'placeholder.png' } },
          b: { class_type: 'SaveImage', inputs: { images: ['a', 0], filename_prefix: 'restyle' } },
        },
        inputs: { prompt: ['b', 'filename_prefix'], image: ['a', 'image'] },
      },
      async (directory) => {
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
      },
    );
  });

  it('redraws with FLUX.1 [dev] image-to-image: uploads the source, then LoadImage → VAEEncode feed the sampler at denoise 0.4', async () => {
    const entry = entries().get('comfyui-flux-dev')!;
    assert.equal(entry.supportsImageToImage, true);
    assert.equal(entry.supportsEdit, false);
    const source = new Uint8Array(await testPng(10));
    const before = comfy.requests.length;
    await generateOne(
      entry,
      {
        refinement: { kind: 'variation', strength: 0.4, sourceBlobKey: 'jobs/x/0.png' },
        lora: { path: 'loras/brandgen-flux.safetensors', scale: 0.8 },
      },
      { sourceImage: source },
    );
    const requests = comfy.requests.slice(before);
    assert.deepEqual(
      requests.map((request) => `${request.method} ${request.path.split('?')[0]!.replace(/\/history\/.*/u, '/history/…')}`),
      ['POST /upload/image', 'POST /prompt', 'GET /history/…', 'GET /view'],
      'the upload comes before the workflow that names it',
    );
    const upload = requests[0]!;
    const form = await new Response(upload.raw, { headers: { 'content-type': String(upload.headers['content-type']) } }).formData();
    assert.deepEqual([...form.keys()], ['image', 'overwrite']);
    const image = form.get('image') as File;
    assert.match(image.name, /^brandgen-[0-9a-f-]{36}\.png$/u);
    assert.equal(image.type, 'image/png');
    assert.deepEqual(new Uint8Array(await image.arrayBuffer()), source);
    assert.equal(form.get('overwrite'), 'true');

    const queued = requests[1]!.body as { prompt: Record<string, unknown>; client_id: string };
    assert.deepEqual(Object.keys(queued).sort(), ['client_id', 'prompt']);
    assert.deepEqual(queued.prompt, {
      '1': { class_type: 'UNETLoader', inputs: { unet_name: 'flux1-dev.safetensors', weight_dtype: 'default' } },
      '2': {
        class_type: 'DualCLIPLoader',
        inputs: { clip_name1: 'clip_l.safetensors', clip_name2: 't5xxl_fp8_e4m3fn.safetensors', type: 'flux' },
      },
      '3': { class_type: 'VAELoader', inputs: { vae_name: 'ae.safetensors' } },
      '4': {
        class_type: 'LoraLoader',
        inputs: { model: ['1', 0], clip: ['2', 0], lora_name: 'brandgen-flux.safetensors', strength_model: 0.8, strength_clip: 0.8 },
        _meta: { title: 'Brand LoRA (from the brand kit)' },
      },
      '6': { class_type: 'CLIPTextEncode', inputs: { clip: ['4', 1], text: 'brndgn style, a red bicycle' }, _meta: { title: 'Prompt' } },
      '7': { class_type: 'CLIPTextEncode', inputs: { clip: ['4', 1], text: 'blurry, text' }, _meta: { title: 'Negative prompt' } },
      '9': {
        class_type: 'KSampler',
        inputs: {
          model: ['4', 0],
          positive: ['12', 0],
          negative: ['7', 0],
          latent_image: ['14', 0],
          seed: 7,
          denoise: 0.4,
          steps: 28,
          cfg: 1,
          sampler_name: 'euler',
          scheduler: 'simple',
        },
      },
      '10': { class_type: 'VAEDecode', inputs: { samples: ['9', 0], vae: ['3', 0] } },
      '11': { class_type: 'SaveImage', inputs: { images: ['10', 0], filename_prefix: 'brandgen' } },
      '12': { class_type: 'FluxGuidance', inputs: { conditioning: ['6', 0], guidance: 3.5 } },
      '13': { class_type: 'LoadImage', inputs: { image: image.name }, _meta: { title: 'Source image (uploaded by Brandgen)' } },
      '14': { class_type: 'VAEEncode', inputs: { pixels: ['13', 0], vae: ['3', 0] } },
    });
  });

  it('keeps the text-to-image workflow, empty latent and full denoise, when there is no source image', async () => {
    await generateOne(entries().get('comfyui-flux-dev')!);
    const workflow = comfy.workflows.at(-1)!;
    assert.deepEqual(workflow['9']!.inputs.latent_image, ['8', 0]);
    assert.equal(workflow['9']!.inputs.denoise, 1);
    assert.equal(workflow['8']!.class_type, 'EmptySD3LatentImage');
    assert.ok(!Object.values(workflow).some((node) => node.class_type === 'LoadImage' || node.class_type === 'VAEEncode'));
  });

  it('redraws with every bundled model: SD 3.5 Large and HiDream encode with their own VAE', async () => {
    const all = entries();
    for (const id of ['comfyui-hidream-i1', 'comfyui-flux-dev', 'comfyui-flux-schnell', 'comfyui-sd35-large']) {
      assert.equal(all.get(id)!.supportsImageToImage, true, id);
    }
    for (const [id, preset, checkpoint] of [
      ['comfyui-sd35-large', 'standard', 'sd3.5_large.safetensors'],
      ['comfyui-hidream-i1', 'draft', 'hidream_i1_fast_fp8.safetensors'],
    ] as const) {
      await generateOne(
        all.get(id)!,
        { preset, refinement: { kind: 'variation', strength: 0.65, sourceBlobKey: 'jobs/x/0.png' } },
        { sourceImage: new Uint8Array(await testPng(3)) },
      );
      const workflow = comfy.workflows.at(-1)!;
      assert.ok(
        Object.values(workflow).some((node) => Object.values(node.inputs).includes(checkpoint)),
        id,
      );
      assert.equal(workflow['8'], undefined, `${id}: the empty latent is gone`);
      assert.equal(workflow['9']!.inputs.denoise, 0.65);
      assert.deepEqual(workflow['9']!.inputs.latent_image, ['13', 0]);
      assert.deepEqual(workflow['13']!.inputs, { pixels: ['12', 0], vae: ['3', 0] });
      assert.equal(workflow['13']!.class_type, 'VAEEncode');
      assert.equal(workflow['12']!.class_type, 'LoadImage');
      assert.match(String(workflow['12']!.inputs.image), /^brandgen-[0-9a-f-]{36}\.png$/u);
    }
  });

  it('lets a registered workflow opt in to image-to-image by mapping image and denoise', async () => {
    await withWorkflowFile(
      'redraw.json',
      {
        id: 'studio-redraw',
        label: 'Studio redraw',
        workflow: {
          a: { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'studio.safetensors' } },
          b: { class_type: 'CLIPTextEncode', inputs: { clip: ['a', 1], text: '' } },
          c: { class_type: 'LoadImage', inputs: { image: 'example.png' } },
          d: { class_type: 'VAEEncode', inputs: { pixels: ['c', 0], vae: ['a', 2] } },
          e: {
            class_type: 'KSampler',
            inputs: {
              model: ['a', 0],
              positive: ['b', 0],
              negative: ['b', 0],
              latent_image: ['d', 0],
              seed: 0,
              steps: 20,
              cfg: 7,
              sampler_name: 'euler',
              scheduler: 'normal',
              denoise: 0.75,
            },
          },
          f: { class_type: 'VAEDecode', inputs: { samples: ['e', 0], vae: ['a', 2] } },
          g: { class_type: 'SaveImage', inputs: { images: ['f', 0], filename_prefix: 'studio' } },
        },
        inputs: { prompt: ['b', 'text'], seed: ['e', 'seed'], image: ['c', 'image'], denoise: ['e', 'denoise'] },
      },
      async (directory) => {
        const entry = entries(10_000, directory).get('comfyui-studio-redraw')!;
        assert.equal(entry.supportsImageToImage, true);
        await generateOne(
          entry,
          { refinement: { kind: 'variation', strength: 0.3, sourceBlobKey: 'jobs/x/0.png' } },
          { sourceImage: new Uint8Array(await testPng(4)) },
        );
        const workflow = comfy.workflows.at(-1)!;
        assert.equal(workflow.e!.inputs.denoise, 0.3);
        assert.match(String(workflow.c!.inputs.image), /^brandgen-[0-9a-f-]{36}\.png$/u);
      },
    );
    await withWorkflowFile(
      'poster.json',
      {
        id: 'studio-poster',
        label: 'Studio poster',
        workflow: {
          a: { class_type: 'CLIPTextEncode', inputs: { text: '' } },
          b: { class_type: 'SaveImage', inputs: { images: ['a', 0], filename_prefix: 'p' } },
        },
        inputs: { prompt: ['a', 'text'] },
      },
      async (directory) => {
        assert.equal(entries(10_000, directory).get('comfyui-studio-poster')!.supportsImageToImage, false);
      },
    );
  });

  it('makes variations with a strength through the API on a ComfyUI FLUX model', async () => {
    const app = await startTestBrandgen({ COMFYUI_URL: comfy.origin });
    try {
      await useComfyLora(app.baseUrl, 'product_illustration', 'flux', 'brandgen-flux-product.safetensors');
      const generated = await postJson(app.baseUrl, '/api/generate', { prompt: 'a lighthouse', model: 'comfyui-flux-dev' });
      const { job_id: sourceJob } = (await generated.json()) as { job_id: string };
      assert.equal((await waitForJob(app.baseUrl, sourceJob, 30_000)).status, 'complete');
      const [source] = (
        (await (await fetch(`${app.baseUrl}/api/images?job_id=${sourceJob}`)).json()) as { images: Array<{ id: string; url: string }> }
      ).images;
      const sourceBytes = new Uint8Array(await (await fetch(`${app.baseUrl}${source!.url}`)).arrayBuffer());

      const before = comfy.requests.length;
      const accepted = await postJson(app.baseUrl, `/api/images/${source!.id}/variations`, { strength: 0.4 });
      assert.equal(accepted.status, 202, await accepted.clone().text());
      const { job_id: jobId } = (await accepted.json()) as { job_id: string };
      const job = await waitForJob(app.baseUrl, jobId, 30_000);
      assert.equal(job.status, 'complete', JSON.stringify(job.error));
      assert.deepEqual(job.refinement, { kind: 'variation', parent_image_id: source!.id, strength: 0.4 });

      const requests = comfy.requests.slice(before);
      const uploads = requests.filter((request) => request.path === '/upload/image');
      const prompts = requests.filter((request) => request.path === '/prompt');
      assert.equal(uploads.length, 4);
      assert.equal(prompts.length, 4);
      const uploadedNames: string[] = [];
      for (const upload of uploads) {
        const form = await new Response(upload.raw, { headers: { 'content-type': String(upload.headers['content-type']) } }).formData();
        const image = form.get('image') as File;
        assert.deepEqual(new Uint8Array(await image.arrayBuffer()), sourceBytes, 'the stored source image is uploaded');
        uploadedNames.push(image.name);
      }
      const seeds = new Set<unknown>();
      for (const prompt of prompts) {
        const workflow = (prompt.body as { prompt: Record<string, { class_type: string; inputs: Record<string, unknown> }> }).prompt;
        assert.ok(uploadedNames.includes(String(workflow['13']!.inputs.image)));
        assert.deepEqual(workflow['9']!.inputs.latent_image, ['14', 0]);
        assert.equal(workflow['9']!.inputs.denoise, 0.4);
        assert.equal(workflow['9']!.inputs.steps, 28);
        assert.equal(
          workflow['4']!.inputs.lora_name,
          'brandgen-flux-product.safetensors',
          "the brand kit LoRA of the source image's asset type",
        );
        seeds.add(workflow['9']!.inputs.seed);
      }
      assert.equal(seeds.size, 4, 'each variation has its own seed');
    } finally {
      await app.close();
    }
  });

  it('feeds ComfyUI progress into the job as image_progress events', async () => {
    comfy.steps = 10;
    const app = await startTestBrandgen({ COMFYUI_URL: comfy.origin });
    try {
      const models = (await (await fetch(`${app.baseUrl}/api/models`)).json()) as { models: Array<{ id: string }>; demo_only: boolean };
      assert.equal(models.demo_only, false);
      assert.equal(models.models[0]!.id, 'comfyui-hidream-i1');
      await useComfyLora(app.baseUrl, 'icon', 'hidream', 'brandgen-hidream-icon.safetensors');
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

/** Adds a LoRA file ComfyUI has to the default brand's library and points the asset type's LoRA for `family` at it. */
async function useComfyLora(baseUrl: string, assetType: string, family: string, fileName: string): Promise<void> {
  const brandUrl = `${baseUrl}/api/brands/${DEFAULT_BRAND_ID}`;
  const added = await postJson(baseUrl, `/api/brands/${DEFAULT_BRAND_ID}/loras`, {
    source: 'comfyui_file',
    name: fileName,
    family,
    file_name: fileName,
  });
  assert.equal(added.status, 201, await added.clone().text());
  const { id } = (await added.json()) as { id: string };
  const kit = ((await (await fetch(brandUrl)).json()) as { kit: any }).kit;
  kit.asset_types[assetType].lora_by_family = { [family]: { lora_id: id, scale: 0.8 } };
  const saved = await fetch(brandUrl, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(kit) });
  assert.equal(saved.status, 200, await saved.text());
}

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
