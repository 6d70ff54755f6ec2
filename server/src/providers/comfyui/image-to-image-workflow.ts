import type { WorkflowTemplate } from './workflow-template.ts';

/** True when a template can redraw an uploaded image: it says where the image enters and where the strength goes. */
export function takesImageToImage(template: WorkflowTemplate): boolean {
  const { inputs } = template;
  return inputs.denoise !== undefined && (inputs.image !== undefined || inputs.image_to_image !== undefined);
}

/**
 * The image-to-image form of a text-to-image template, wired as ComfyUI's own img2img example does: a LoadImage node
 * (the uploaded file) into VAEEncode (the workflow's own VAE), whose latent takes the empty latent's place at the
 * sampler, so the sampler's `denoise` decides how much of the image is redrawn. The result has the source's size, so
 * the empty latent and its width and height go. Templates without `image_to_image` come back as they are.
 */
export function imageToImageTemplate(template: WorkflowTemplate): WorkflowTemplate {
  const { image_to_image: derivation, ...inputs } = template.inputs;
  if (!derivation) return template;
  const [samplerId, latentInput] = derivation.latent_image;
  const workflow = structuredClone(template.workflow);
  const sampler = workflow[samplerId];
  if (!sampler) throw new Error(`The workflow "${template.id}" has no node ${samplerId}.`);
  const emptyLatent = sampler.inputs[latentInput];
  const [loadId, encodeId] = freeNodeIds(workflow);
  workflow[loadId] = { class_type: 'LoadImage', inputs: { image: '' }, _meta: { title: 'Source image (uploaded by Brandgen)' } };
  workflow[encodeId] = { class_type: 'VAEEncode', inputs: { pixels: [loadId, 0], vae: [...derivation.vae] } };
  sampler.inputs[latentInput] = [encodeId, 0];

  const emptyLatentId = Array.isArray(emptyLatent) && typeof emptyLatent[0] === 'string' ? emptyLatent[0] : undefined;
  if (emptyLatentId && !isLinkedFrom(workflow, emptyLatentId)) {
    delete workflow[emptyLatentId];
    if (inputs.width?.[0] === emptyLatentId) delete inputs.width;
    if (inputs.height?.[0] === emptyLatentId) delete inputs.height;
  }
  return { ...template, workflow, inputs: { ...inputs, image: [loadId, 'image'] } };
}

/** The next two numeric node ids, as ComfyUI numbers the nodes of an exported workflow. */
function freeNodeIds(workflow: WorkflowTemplate['workflow']): [string, string] {
  const highest = Math.max(0, ...Object.keys(workflow).map(Number).filter(Number.isInteger));
  return [String(highest + 1), String(highest + 2)];
}

function isLinkedFrom(workflow: WorkflowTemplate['workflow'], nodeId: string): boolean {
  return Object.values(workflow).some((node) => Object.values(node.inputs).some((value) => Array.isArray(value) && value[0] === nodeId));
}
