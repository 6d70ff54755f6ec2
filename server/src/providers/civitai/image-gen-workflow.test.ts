import assert from 'node:assert/strict';
import { test } from 'node:test';
import { airParts, imageGenWorkflow } from './image-gen-workflow.ts';

const flux = 'urn:air:flux1:diffuser:civitai:618692@691639';
const sdxl = 'urn:air:sdxl:checkpoint:civitai:101055@128078';

test('a FLUX.1 diffuser goes as diffuserModel on the flux1 ecosystem, with the LoRA map and sampler settings', () => {
  const body = imageGenWorkflow({
    modelAir: flux,
    prompt: 'a red bicycle',
    width: 1216,
    height: 832,
    seed: 42,
    options: { steps: 28, cfgScale: 3.5, negativePrompt: 'blurry', loras: { 'urn:air:flux1:lora:civitai:1@2': 0.8 } },
  });
  assert.deepEqual(body, {
    steps: [
      {
        $type: 'imageGen',
        input: {
          engine: 'sdcpp',
          ecosystem: 'flux1',
          operation: 'createImage',
          diffuserModel: flux,
          prompt: 'a red bicycle',
          negativePrompt: 'blurry',
          width: 1216,
          height: 832,
          steps: 28,
          cfgScale: 3.5,
          seed: 42,
          quantity: 1,
          loras: { 'urn:air:flux1:lora:civitai:1@2': 0.8 },
        },
      },
    ],
  });
});

test('an SDXL checkpoint goes as model; no seed, negative prompt or LoRA means none is sent', () => {
  const [step] = imageGenWorkflow({
    modelAir: sdxl,
    prompt: 'p',
    width: 1024,
    height: 1024,
    seed: undefined,
    options: { loras: {} },
  }).steps;
  assert.deepEqual(step!.input, {
    engine: 'sdcpp',
    ecosystem: 'sdxl',
    operation: 'createImage',
    model: sdxl,
    prompt: 'p',
    width: 1024,
    height: 1024,
    quantity: 1,
  });
});

test('an AIR is read for its ecosystem and type; anything else is refused', () => {
  assert.deepEqual(airParts(sdxl), { ecosystem: 'sdxl', type: 'checkpoint' });
  assert.throws(() => airParts('flux-dev'), /not a civitai AIR/);
});
