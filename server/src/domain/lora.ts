/** Where a LoRA's weights come from; `trained` is written by the training issue's jobs, never by a person. */
export const LORA_SOURCE_KINDS = ['uploaded', 'url', 'civitai', 'comfyui_file', 'trained'] as const;
export type LoraSourceKind = (typeof LORA_SOURCE_KINDS)[number];

/** A file Brandgen keeps in its blob store: uploaded by a person or written by a training run. */
export interface StoredLoraFile {
  kind: 'uploaded' | 'trained';
  blobKey: string;
  sha256: string;
  byteSize: number;
  fileName: string;
}

export type LoraSource =
  | StoredLoraFile
  /** https: a Hugging Face or Replicate reference, kept exactly as given. */
  | { kind: 'url'; url: string }
  /** A civitai resource identifier, `urn:air:flux1:lora:civitai:…`. */
  | { kind: 'civitai'; air: string }
  /** A file in ComfyUI's `models/loras/` folder, named as ComfyUI lists it. */
  | { kind: 'comfyui_file'; fileName: string };

/** A LoRA belongs to one brand; kits point at it by id with their own scale. */
export interface Lora {
  id: string;
  brandId: string;
  name: string;
  /** hidream, flux, sd35, …: the model family the weights were trained for. */
  family: string;
  triggerWord: string;
  defaultScale: number;
  source: LoraSource;
  createdAt: string;
}

/** A civitai AIR as civitai writes it: `urn:air:{ecosystem}:{type}:{source}:{id}[@{version}]`. */
export const CIVITAI_AIR = /^urn:air:[a-z0-9.-]+:[a-z0-9_-]+:[a-z0-9_-]+:[A-Za-z0-9_.-]+(@[A-Za-z0-9_.-]+)?$/u;

/** A file name ComfyUI would list under models/loras: folders with `/`, no way up, a weights extension. */
export const COMFYUI_FILE_NAME = /^(?!.*(?:^|\/)\.\.(?:\/|$))[^\\:*?"<>|]+\.(safetensors|ckpt|pt|bin)$/u;

/** Words the source kind is shown with. */
export const loraSourceWords: Record<LoraSourceKind, string> = {
  uploaded: 'an uploaded file',
  url: 'a link',
  civitai: 'a civitai AIR',
  comfyui_file: 'a file on the ComfyUI server',
  trained: 'a trained file',
};

/** A source as flat fields, the columns of storage and of the API answer alike; null where the kind has none. */
export function loraSourceFields(source: LoraSource) {
  const stored = source.kind === 'uploaded' || source.kind === 'trained' ? source : undefined;
  return {
    blobKey: stored?.blobKey ?? null,
    sha256: stored?.sha256 ?? null,
    byteSize: stored?.byteSize ?? null,
    url: source.kind === 'url' ? source.url : null,
    air: source.kind === 'civitai' ? source.air : null,
    fileName: stored?.fileName ?? (source.kind === 'comfyui_file' ? source.fileName : null),
  };
}
