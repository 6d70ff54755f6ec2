import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { SafetensorsCheck, suggestFamily } from './safetensors-check.ts';

function file(header: Record<string, unknown>, dataBytes: number): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, Buffer.alloc(dataBytes, 1)]);
}

/** Feeds the bytes in small pieces, as a network stream would. */
function check(bytes: Buffer, pieceSize = 7) {
  const checker = new SafetensorsCheck();
  for (let at = 0; at < bytes.length; at += pieceSize) {
    const problem = checker.add(bytes.subarray(at, at + pieceSize));
    if (problem) return problem;
  }
  return checker.finish();
}

const tensor = (begin: number, end: number) => ({ dtype: 'F16', shape: [(end - begin) / 2], data_offsets: [begin, end] });

test('a whole file passes, with its SHA-256, size and family', () => {
  const bytes = file({ 'transformer.single_transformer_blocks.0.attn.to_q.lora_A.weight': tensor(0, 8) }, 8);
  assert.deepEqual(check(bytes), {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    byteSize: bytes.length,
    suggestedFamily: 'flux',
  });
});

test('a tensor past the end, a cut header, a header that is not JSON and an empty file are refused', () => {
  assert.match((check(file({ a: tensor(0, 16) }, 8)) as { problem: string }).problem, /tensor "a" lies past the end/);
  assert.match((check(file({ a: tensor(0, 8) }, 8).subarray(0, 20)) as { problem: string }).problem, /ends inside its header/);
  const notJson = Buffer.concat([Buffer.from([4, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{abc')]);
  assert.match((check(notJson) as { problem: string }).problem, /not a JSON object/);
  assert.match((check(Buffer.alloc(0)) as { problem: string }).problem, /shorter than a safetensors header/);
  assert.match((check(file({ a: { dtype: 'F16', shape: [1] } }, 8)) as { problem: string }).problem, /no valid data_offsets/);
});

test('pickled checkpoints are named as such, zip or bare pickle, even when their first bytes read as a length', () => {
  const zip = Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x00\x00', 'latin1'), Buffer.alloc(64)]);
  assert.match((check(zip) as { problem: string }).problem, /pickled PyTorch checkpoint/);
  // \x80\x02 reads as a header length of 640, but the byte after the length is no `{`.
  const pickle = Buffer.concat([Buffer.from([0x80, 0x02, 0x7d, 0x71, 0x00, 0x28, 0x58, 0x05]), Buffer.alloc(700, 0x2e)]);
  assert.match((check(pickle) as { problem: string }).problem, /pickled PyTorch checkpoint/);
});

test('families are suggested from tensor names where recognisable', () => {
  assert.equal(suggestFamily(['lora_unet_double_blocks_0_img_attn_qkv.lora_down.weight']), 'flux');
  assert.equal(suggestFamily(['diffusion_model.double_stream_blocks.0.block.attn1.to_q.lora_A.weight']), 'hidream');
  assert.equal(suggestFamily(['transformer.joint_blocks.0.x_block.attn.qkv.lora_A.weight']), 'sd35');
  assert.equal(suggestFamily(['lora_te2_text_model_encoder_layers_0_mlp_fc1.lora_down.weight']), 'sdxl');
  assert.equal(suggestFamily(['model.layers.0.weight']), null);
});
