import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bundledWorkflows } from './bundled-workflows.ts';
import { imageToImageTemplate, takesImageToImage } from './image-to-image-workflow.ts';
import type { WorkflowTemplate } from './workflow-template.ts';

const flux = bundledWorkflows.find((template) => template.id === 'flux1-dev')!;

describe('image-to-image workflows', () => {
  it('every bundled workflow has an image-to-image form', () => {
    assert.deepEqual(
      bundledWorkflows.filter((template) => !takesImageToImage(template)).map((template) => template.id),
      [],
    );
  });

  it('wires LoadImage into VAEEncode into the sampler, drops the empty latent and its size, and leaves the template alone', () => {
    const derived = imageToImageTemplate(flux);
    assert.deepEqual(derived.workflow['13'], {
      class_type: 'LoadImage',
      inputs: { image: '' },
      _meta: { title: 'Source image (uploaded by Brandgen)' },
    });
    assert.deepEqual(derived.workflow['14'], { class_type: 'VAEEncode', inputs: { pixels: ['13', 0], vae: ['3', 0] } });
    assert.deepEqual(derived.workflow['9']!.inputs.latent_image, ['14', 0]);
    assert.equal(derived.workflow['8'], undefined);
    assert.deepEqual(derived.inputs.image, ['13', 'image']);
    assert.deepEqual(derived.inputs.denoise, ['9', 'denoise']);
    assert.equal(derived.inputs.width, undefined);
    assert.equal(derived.inputs.image_to_image, undefined);
    assert.deepEqual(flux.workflow['9']!.inputs.latent_image, ['8', 0], 'the text-to-image template is unchanged');
    assert.ok(flux.workflow['8']);
  });

  it('keeps an empty latent another node still reads', () => {
    const shared: WorkflowTemplate = structuredClone(flux);
    shared.workflow['20'] = {
      class_type: 'LatentUpscale',
      inputs: { samples: ['8', 0], upscale_method: 'nearest-exact', width: 64, height: 64, crop: 'disabled' },
    };
    const derived = imageToImageTemplate(shared);
    assert.equal(derived.workflow['8']!.class_type, 'EmptySD3LatentImage');
    assert.deepEqual(derived.inputs.width, ['8', 'width']);
    assert.deepEqual(derived.workflow['22']!.inputs.pixels, ['21', 0], 'new nodes take the next free numbers');
  });

  it('returns a workflow that loads its own image as it is', () => {
    const { image_to_image: _derivation, ...inputs } = flux.inputs;
    const plain = { ...flux, inputs: { ...inputs, image: ['13', 'image'] as [string, string] } };
    assert.equal(imageToImageTemplate(plain), plain);
    assert.equal(takesImageToImage(plain), true);
    assert.equal(takesImageToImage({ ...flux, inputs: { ...inputs, denoise: undefined } }), false);
  });
});
