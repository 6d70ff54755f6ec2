/**
 * The messages between the plugin's UI (an iframe) and its main thread (the `figma` API). Shared by both sides, so
 * neither can send what the other does not read. The contract is documented in figma-plugin/README.md.
 */

/** What Brandgen knows about a placed image; stored on the node as plugin data. */
export interface BrandgenImageData {
  image_id: string;
  job_id: string;
  prompt: string;
  model: string;
  seed: number | null;
  brand?: string | null | undefined;
}

export interface ImageToInsert {
  /** The PNG file as fetched from Brandgen. */
  bytes: Uint8Array;
  /** The image's size in pixels. */
  width: number;
  height: number;
  /** The node's name (the prompt, shortened). */
  name: string;
  data: BrandgenImageData;
}

export type InsertLayout = 'single' | 'grid';
export type InsertTarget = 'selection' | 'viewport';

export interface InsertMessage {
  type: 'insert';
  images: ImageToInsert[];
  layout: InsertLayout;
  target: InsertTarget;
  /** The size each image takes on the canvas when placed in the viewport (the asset type's size); the image's own by default. */
  size?: { width: number; height: number } | undefined;
  request_id?: string | undefined;
}

export type UiToMain =
  | InsertMessage
  | { type: 'selection'; request_id?: string | undefined }
  | { type: 'load-token'; server: string }
  | { type: 'save-token'; server: string; token: string }
  | { type: 'forget-token'; server: string }
  | { type: 'open-external'; url: string }
  | { type: 'notify'; message: string; error?: boolean | undefined };

/** One selected node as the UI sees it: whether an image can fill it, and Brandgen's data when it holds a placed image. */
export interface SelectedNode {
  node_id: string;
  name: string;
  fillable: boolean;
  brandgen: BrandgenImageData | null;
}

export type MainToUi =
  | { type: 'inserted'; node_ids: string[]; request_id?: string | undefined }
  | { type: 'error'; message: string; request_id?: string | undefined }
  | { type: 'selection'; nodes: SelectedNode[]; request_id?: string | undefined }
  | { type: 'token'; server: string; token: string | null };

/** Figma refuses images wider or taller than this many pixels. */
export const MAX_IMAGE_SIDE = 4096;

/** The namespace of the shared plugin data, readable by other plugins and widgets. */
export const SHARED_NAMESPACE = 'brandgen';
