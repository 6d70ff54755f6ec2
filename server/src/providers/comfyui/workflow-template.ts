import { z } from 'zod';

/** One node input of an API-format workflow: [node id, input name]. */
const nodeInput = z.tuple([z.string().min(1), z.string().min(1)]);
/** One node output of an API-format workflow, as links are written: [node id, output index]. */
const nodeOutput = z.tuple([z.string().min(1), z.number().int().min(0)]);

/**
 * A ComfyUI workflow in API format (as saved with "Export (API)") and where Brandgen writes its values.
 * Templates ship for HiDream-I1, FLUX.1 and SD 3.5; an administrator can register their own in the same shape.
 */
export const workflowTemplateSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/u, 'must be lowercase letters, digits, dots, dashes'),
  label: z.string().min(1),
  workflow: z.record(z.string(), z.object({ class_type: z.string().min(1), inputs: z.record(z.string(), z.unknown()) }).loose()),
  inputs: z.object({
    prompt: nodeInput,
    negative_prompt: nodeInput.optional(),
    seed: nodeInput.optional(),
    width: nodeInput.optional(),
    height: nodeInput.optional(),
    steps: nodeInput.optional(),
    guidance: nodeInput.optional(),
    lora_name: nodeInput.optional(),
    lora_strength: z.array(nodeInput).optional(),
    /** The LoRA loader, bypassed (its inputs wired straight through) when the job has no LoRA. */
    lora_node: z.string().optional(),
    /** A LoadImage node for image-to-image; its `image` input takes the uploaded file name. */
    image: nodeInput.optional(),
    /** The sampler's `denoise`, which takes an image-to-image strength (1 redraws freely). */
    denoise: nodeInput.optional(),
    /**
     * How a text-to-image workflow becomes image-to-image: the sampler input its empty latent feeds, and the VAE
     * output that encodes the uploaded image into that input instead (see image-to-image-workflow.ts).
     */
    image_to_image: z.object({ latent_image: nodeInput, vae: nodeOutput }).optional(),
    /** The node whose images are the result; all SaveImage outputs when absent. */
    output_node: z.string().optional(),
  }),
});

export type WorkflowTemplate = z.infer<typeof workflowTemplateSchema>;
type Workflow = WorkflowTemplate['workflow'];

export interface WorkflowValues {
  prompt: string;
  negativePrompt?: string | undefined;
  seed?: number | undefined;
  width?: number | undefined;
  height?: number | undefined;
  steps?: number | null | undefined;
  guidance?: number | null | undefined;
  lora?: { name: string; strength: number } | null | undefined;
  image?: string | undefined;
  denoise?: number | null | undefined;
}

/** A fresh copy of the template's workflow with the values written into their inputs; the template is untouched. */
export function fillWorkflow(template: WorkflowTemplate, values: WorkflowValues): Workflow {
  const workflow = structuredClone(template.workflow);
  const { inputs } = template;
  const missing: string[] = [];
  const set = (target: [string, string] | undefined, value: unknown) => {
    if (!target || value === undefined || value === null) return;
    const node = workflow[target[0]];
    if (!node) missing.push(target[0]);
    else node.inputs[target[1]] = value;
  };
  set(inputs.prompt, values.prompt);
  set(inputs.negative_prompt, values.negativePrompt ?? '');
  set(inputs.seed, values.seed);
  set(inputs.width, values.width);
  set(inputs.height, values.height);
  set(inputs.steps, values.steps);
  set(inputs.guidance, values.guidance);
  set(inputs.image, values.image);
  set(inputs.denoise, values.denoise);
  if (values.lora) {
    set(inputs.lora_name, values.lora.name);
    for (const target of inputs.lora_strength ?? []) set(target, values.lora.strength);
  } else if (inputs.lora_node) {
    bypassNode(workflow, inputs.lora_node);
  }
  if (missing.length > 0) throw new Error(`The workflow "${template.id}" has no node ${missing.join(', ')}.`);
  return workflow;
}

/**
 * Removes a loader node whose outputs mirror its inputs (LoraLoader: MODEL, CLIP), wiring every consumer of
 * output n straight to the loader's own n-th linked input.
 */
function bypassNode(workflow: Workflow, nodeId: string): void {
  const node = workflow[nodeId];
  if (!node) return;
  const sources = Object.values(node.inputs).filter((value): value is [string, number] => isLink(value));
  delete workflow[nodeId];
  for (const other of Object.values(workflow)) {
    for (const [name, value] of Object.entries(other.inputs)) {
      if (isLink(value) && value[0] === nodeId) {
        const source = sources[value[1]];
        if (!source) throw new Error(`Cannot bypass node ${nodeId}: it has no input for output ${value[1]}.`);
        other.inputs[name] = [...source];
      }
    }
  }
}

function isLink(value: unknown): value is [string, number] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'number';
}
