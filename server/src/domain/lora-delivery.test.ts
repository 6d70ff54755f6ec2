import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planLoraDelivery } from './lora-delivery.ts';
import type { Lora, LoraSource } from './lora.ts';

const lora = (source: LoraSource): Lora => ({
  id: 'l1',
  brandId: 'b1',
  name: 'Brand style',
  family: 'flux',
  triggerWord: 'brndgn',
  defaultScale: 1,
  source,
  createdAt: '2026-11-30T00:00:00.000Z',
});

const uploaded = lora({
  kind: 'uploaded',
  blobKey: 'loras/l1.safetensors',
  sha256: 'a'.repeat(64),
  byteSize: 10,
  fileName: 'brand.safetensors',
});
const url = lora({ kind: 'url', url: 'https://huggingface.co/a/b/resolve/main/l.safetensors' });
const air = lora({ kind: 'civitai', air: 'urn:air:flux1:lora:civitai:1@2' });
const comfy = lora({ kind: 'comfyui_file', fileName: 'brand/style.safetensors' });

test('hosted providers get a signed link to an uploaded file, or a link as given', () => {
  assert.deepEqual(planLoraDelivery(uploaded, 'fal'), { kind: 'signed_link' });
  assert.deepEqual(planLoraDelivery(uploaded, 'replicate'), { kind: 'signed_link' });
  assert.deepEqual(planLoraDelivery(url, 'replicate'), { kind: 'as_is', reference: url.source.kind === 'url' ? url.source.url : '' });
});

test('ComfyUI gets the file name; the civitai provider the AIR', () => {
  assert.deepEqual(planLoraDelivery(comfy, 'comfyui'), { kind: 'file_name', fileName: 'brand/style.safetensors' });
  assert.deepEqual(planLoraDelivery(uploaded, 'comfyui'), { kind: 'file_name', fileName: 'brand.safetensors' });
  assert.deepEqual(planLoraDelivery(air, 'civitai'), { kind: 'as_is', reference: 'urn:air:flux1:lora:civitai:1@2' });
});

test('what a provider cannot load is refused in words that say what to do', () => {
  const refusal = (plan: ReturnType<typeof planLoraDelivery>) => (plan.kind === 'refused' ? plan.reason : '');
  assert.match(refusal(planLoraDelivery(air, 'fal')), /civitai AIR, which fal\.ai cannot load\. Only the civitai provider takes an AIR/);
  assert.match(refusal(planLoraDelivery(comfy, 'replicate')), /file on the ComfyUI server, which Replicate cannot load\. Upload/);
  assert.match(refusal(planLoraDelivery(url, 'comfyui')), /models\/loras folder/);
  assert.equal(planLoraDelivery(uploaded, 'openai').kind, 'refused');
});

test('civitai takes only AIRs: an uploaded file, a link or a ComfyUI file is refused with what to do instead', () => {
  for (const other of [uploaded, url, comfy]) {
    const plan = planLoraDelivery(other, 'civitai');
    assert.equal(plan.kind, 'refused');
    assert.match(plan.kind === 'refused' ? plan.reason : '', /which civitai cannot load\. civitai loads a LoRA only by its AIR: publish/);
  }
});
