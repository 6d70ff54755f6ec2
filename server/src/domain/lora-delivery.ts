import { loraSourceWords, type Lora } from './lora.ts';
import { DEMO_PROFILE_FILE } from './training.ts';

/**
 * How a LoRA reaches a provider: a link Brandgen signs to its own copy of the file, a reference passed on as it was
 * given, a file name on the provider's own disk, or not at all, with the reason in words a person can act on.
 */
export type LoraDeliveryPlan =
  | { kind: 'signed_link' }
  | { kind: 'as_is'; reference: string }
  | { kind: 'file_name'; fileName: string }
  /** The demo model: the demo trainer's style profile, read from the blob store and handed over inline. */
  | { kind: 'inline_profile' }
  | { kind: 'refused'; reason: string };

/** Providers that fetch LoRA weights from an https address (fal.ai's `loras[].path`, Replicate's `lora_weights`). */
const LINK_TAKERS = new Set(['fal', 'replicate']);

const providerWords: Record<string, string> = { fal: 'fal.ai', replicate: 'Replicate', comfyui: 'ComfyUI', civitai: 'civitai' };

export function providerName(provider: string): string {
  return providerWords[provider] ?? provider;
}

/** The form `provider` takes `lora` in; a LoRA no form fits is refused before any model is called. */
export function planLoraDelivery(lora: Lora, provider: string): LoraDeliveryPlan {
  const { source } = lora;
  const label = `The LoRA "${lora.name}"`;
  const who = providerName(provider);
  const unfit = (advice: string): LoraDeliveryPlan => ({
    kind: 'refused',
    reason: `${label} is ${loraSourceWords[source.kind]}, which ${who} cannot load. ${advice}`,
  });
  const isDemoProfile = source.kind === 'trained' && source.fileName === DEMO_PROFILE_FILE;
  if (provider === 'brandgen-demo') {
    if (isDemoProfile) return { kind: 'inline_profile' };
    return unfit('The demo model only reads style profiles made by the demo trainer.');
  }
  if (isDemoProfile) {
    return {
      kind: 'refused',
      reason: `${label} is a demo style profile (not AI), which only the demo model draws with. Train the set with a real trainer for ${who}.`,
    };
  }
  if (source.kind === 'civitai') {
    if (provider === 'civitai') return { kind: 'as_is', reference: source.air };
    return unfit('Only the civitai provider takes an AIR: upload the .safetensors file to the brand instead.');
  }
  if (provider === 'civitai') {
    return unfit(
      'civitai loads a LoRA only by its AIR: publish the LoRA on civitai and add it to the brand by its AIR (urn:air:…), ' +
        'or choose a model from fal.ai, Replicate or ComfyUI.',
    );
  }
  if (LINK_TAKERS.has(provider)) {
    if (source.kind === 'url') return { kind: 'as_is', reference: source.url };
    if (source.kind === 'comfyui_file') {
      return unfit(`Upload the .safetensors file to the brand so Brandgen can hand ${who} a link to it.`);
    }
    return { kind: 'signed_link' };
  }
  if (provider === 'comfyui') {
    if (source.kind === 'url') {
      return unfit("Put the file in ComfyUI's models/loras folder and add it to the brand as a ComfyUI file.");
    }
    return { kind: 'file_name', fileName: source.fileName };
  }
  return unfit('Choose a model from fal.ai, Replicate or ComfyUI for this LoRA, or remove it from the kit.');
}
