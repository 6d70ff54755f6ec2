/** A small safetensors file: the 8-byte little-endian header length, the JSON header, then the tensors' bytes. */
export function safetensorsFile(tensorNames: string[], bytesPerTensor = 16): Buffer {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  tensorNames.forEach((name, index) => {
    header[name] = { dtype: 'F32', shape: [bytesPerTensor / 4], data_offsets: [index * bytesPerTensor, (index + 1) * bytesPerTensor] };
  });
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  const data = Buffer.alloc(tensorNames.length * bytesPerTensor, 7);
  return Buffer.concat([length, json, data]);
}

export const FLUX_TENSORS = [
  'lora_unet_double_blocks_0_img_attn_proj.lora_down.weight',
  'lora_unet_single_blocks_0_linear1.lora_up.weight',
];

/** A PyTorch checkpoint as torch.save wrote it before zip files: a bare pickle, protocol 2. */
export const PICKLE_BYTES = Buffer.from([
  0x80, 0x02, 0x7d, 0x71, 0x00, 0x58, 0x05, 0x00, 0x00, 0x00, 0x73, 0x74, 0x61, 0x74, 0x65, 0x71, 0x01, 0x2e,
]);
