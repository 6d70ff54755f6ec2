/** What a catalog entry passes under `providerOptions.civitai`: sampler settings and LoRAs by AIR. */
export interface CivitaiOptions {
  steps?: number | null;
  cfgScale?: number | null;
  negativePrompt?: string;
  /** AIR → strength, the shape civitai takes LoRAs in. */
  loras?: Record<string, number>;
}

export interface ImageGenRequest {
  /** The base model's AIR: a FLUX.1 diffuser or an SDXL checkpoint, `urn:air:{ecosystem}:{type}:{source}:{id}@{version}`. */
  modelAir: string;
  prompt: string;
  width: number;
  height: number;
  seed: number | undefined;
  options: CivitaiOptions;
}

/** The parts of an AIR that decide the request: which ecosystem runs it and whether it is a diffuser or a checkpoint. */
export function airParts(air: string): { ecosystem: string; type: string } {
  const match = /^urn:air:([^:]+):([^:]+):/u.exec(air);
  if (!match) throw new Error(`"${air}" is not a civitai AIR (urn:air:{ecosystem}:{type}:…).`);
  return { ecosystem: match[1]!, type: match[2]! };
}

/**
 * The body of `POST /v2/consumer/workflows`: one `imageGen` step on civitai's stable-diffusion.cpp engine, the way
 * its FLUX.1 and SDXL recipes write it. FLUX.1 names its weights as `diffuserModel` (VAE and text encoders default);
 * SDXL as a single checkpoint `model`. One image per step, so a failed image costs one image.
 */
export function imageGenWorkflow(request: ImageGenRequest): { steps: Array<{ $type: 'imageGen'; input: Record<string, unknown> }> } {
  const { ecosystem, type } = airParts(request.modelAir);
  const { steps, cfgScale, negativePrompt, loras } = request.options;
  const input: Record<string, unknown> = {
    engine: 'sdcpp',
    ecosystem,
    operation: 'createImage',
    [type === 'diffuser' ? 'diffuserModel' : 'model']: request.modelAir,
    prompt: request.prompt,
    ...(negativePrompt && { negativePrompt }),
    width: request.width,
    height: request.height,
    ...(typeof steps === 'number' && { steps }),
    ...(typeof cfgScale === 'number' && { cfgScale }),
    ...(request.seed !== undefined && { seed: request.seed }),
    quantity: 1,
    ...(loras && Object.keys(loras).length > 0 && { loras }),
  };
  return { steps: [{ $type: 'imageGen', input }] };
}
